// Boost.JSON in header-only mode for the WebAssembly build (no compiled libboost_json).
#include <boost/json/src.hpp>
