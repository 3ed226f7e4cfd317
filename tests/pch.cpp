// Owner of the precompiled header shared by the test executables (tests/CMakeLists.txt).
