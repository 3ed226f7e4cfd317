// The report's string catalogue: every label in Vietnamese and English, in one table.
#include "report_common.hpp"

#include <array>

namespace ocop::detail {

namespace {

struct entry {
    msg id;
    std::string_view vi, en;
};

// Order must follow enum msg (checked at compile time below).
constexpr entry catalogue[] = {
    {msg::title, "Báo cáo kết quả đánh giá, phân hạng sản phẩm OCOP", "OCOP product rating report"},
    {msg::provenance, "Nguồn gốc số liệu", "Provenance"},
    {msg::input, "Tệp dữ liệu", "Input file"},
    {msg::records_read, "Số hồ sơ", "Records"},
    {msg::scored, "Đã chấm điểm", "Scored"},
    {msg::knocked_out, "Bị loại (tiêu chí loại trừ)", "Knocked out"},
    {msg::rejected, "Hồ sơ không hợp lệ", "Dossier rejected"},
    {msg::refused, "Bản ghi bị từ chối (lỗi dữ liệu)", "Records refused (invalid data)"},
    {msg::filtered, "Loại khỏi báo cáo theo bộ lọc", "Left out by the filters"},
    {msg::rulesets, "Bộ tiêu chí (mã băm)", "Rulesets (hash)"},
    {msg::policies, "Chính sách chấm", "Scoring policies"},
    {msg::generated_by, "Phần mềm", "Software"},
    {msg::generated_at, "Thời điểm lập", "Generated"},
    {msg::grouped_by, "Nhóm theo", "Grouped by"},
    {msg::no_grouping, "(không nhóm)", "(no grouping)"},
    {msg::filters, "Bộ lọc", "Filters"},
    {msg::provinces_2025, "Tỉnh, thành phố sau sắp xếp năm 2025 ({})",
     "Provinces as merged in 2025 ({})"},
    {msg::provinces_as_written, "Tỉnh, thành phố như trong dữ liệu", "Provinces as written"},
    {msg::near_def, "thiếu không quá {} điểm để lên hạng sao kế tiếp",
     "at most {} points below the next band"},
    {msg::overall, "Tổng hợp chung", "Overall"},
    {msg::records, "Số sản phẩm", "Products"},
    {msg::mean_total, "Điểm trung bình", "Mean total"},
    {msg::median, "Trung vị", "Median"},
    {msg::p90, "P90", "P90"},
    {msg::near_next, "Gần ngưỡng", "Near next band"},
    {msg::capped_count, "Bị giới hạn sao", "Capped"},
    {msg::star_shares, "Tỷ lệ hạng sao", "Star shares"},
    {msg::share3, "≥ 3★", "≥ 3★"},
    {msg::stars_chart, "Phân bố hạng sao theo nhóm", "Star distribution per cohort"},
    {msg::share_axis, "Tỷ lệ sản phẩm", "Share of products"},
    {msg::histogram, "Phân bố tổng điểm (mọi sản phẩm, khoảng {} điểm)",
     "Distribution of totals (all products, bins of {} points)"},
    {msg::count_axis, "Số sản phẩm", "Products"},
    {msg::total_axis, "Tổng điểm", "Total points"},
    {msg::band_line, "{}★", "{}★"},
    {msg::cohorts, "Theo nhóm", "Cohorts"},
    {msg::cohort, "Nhóm", "Cohort"},
    {msg::all_records, "Tất cả sản phẩm", "All products"},
    {msg::sheet, "Phiếu {}", "Sheet {}"},
    {msg::actions, "Sản phẩm cần hỗ trợ nâng hạng", "Products to act on"},
    {msg::actions_intro,
     "Tiêu chí cần cải thiện và số điểm cần thêm theo phương án nâng hạng ít điểm nhất "
     "(ocop plan). Danh sách đầy đủ: actions.csv.",
     "Criteria to raise and points needed from the cheapest upgrade plan (ocop plan). Full "
     "list: actions.csv."},
    {msg::actions_near, "Gần ngưỡng hạng sao kế tiếp", "Just below the next band"},
    {msg::actions_capped, "Bị giới hạn do chưa đạt điểm tối thiểu của tiêu chí",
     "Capped by a missed criterion minimum"},
    {msg::id, "Mã sản phẩm", "Product id"},
    {msg::stars, "Hạng sao", "Stars"},
    {msg::total, "Tổng điểm", "Total"},
    {msg::gap, "Còn thiếu", "Below band"},
    {msg::fix, "Tiêu chí cần cải thiện (+điểm)", "Criteria to raise (+points)"},
    {msg::points_needed, "Điểm cần thêm", "Points needed"},
    {msg::more_rows, "… và {} sản phẩm khác (xem actions.csv)", "… and {} more (see actions.csv)"},
    {msg::no_actions, "Không có sản phẩm nào.", "None."},
    {msg::no_plan, "không có phương án", "no plan"},
    {msg::weakest, "Tiêu chí yếu nhất", "Weakest criteria"},
    {msg::weakest_intro,
     "Điểm bị mất trung bình trên mỗi sản phẩm có áp dụng tiêu chí, gộp theo mã và tên tiêu "
     "chí trên mọi phiếu.",
     "Mean points lost per product where the criterion applied, rolled up by code and title "
     "across sheets."},
    {msg::criterion, "Mã", "Code"},
    {msg::criterion_title, "Tiêu chí", "Criterion"},
    {msg::max, "Tối đa", "Max"},
    {msg::mean_lost, "Điểm mất TB", "Mean lost"},
    {msg::share_lost, "% điểm bị mất", "% of points lost"},
    {msg::products, "Sản phẩm", "Products"},
    {msg::sheets, "Phiếu", "Sheets"},
    {msg::weakest_detail, "Tiêu chí yếu nhất theo từng phiếu", "Weakest criteria per sheet"},
    {msg::trend, "Diễn biến theo năm", "Trend by year"},
    {msg::trend_intro, "Cơ cấu hạng sao và điểm trung bình mỗi năm; bộ tiêu chí đã dùng để chấm.",
     "Star mix and mean total per year; the edition that scored each year."},
    {msg::year, "Năm", "Year"},
    {msg::editions, "Bộ tiêu chí", "Edition"},
    {msg::exact_note,
     "Số liệu hiển thị được làm tròn; giá trị chính xác trong cohorts.json và các tệp CSV.",
     "Figures are rounded for display; exact values are in cohorts.json and the CSV files."},
    {msg::none_value, "(không có)", "(none)"},
    {msg::policy_markers, "chưa đạt điểm tối thiểu: {}", "missed minimum: {}"},
    {msg::policy_defects, "lỗi in ấn: {}", "printed defects: {}"},
    {msg::provinces_label, "Tỉnh, thành phố", "Provinces"},
    {msg::note_council, "theo phiếu đồng thuận của hội đồng", "on the council's consensus sheet"},
    {msg::note_council_reached, "hội đồng: phiếu đồng thuận đã đạt hạng mục tiêu",
     "council: the consensus sheet already reaches the target"},
    {msg::note_result_line, "dòng kết quả: không có đáp án để lập phương án",
     "result line: no answers to plan on"},
    {msg::note_unreachable, "không thể đạt hạng mục tiêu", "target unreachable"},
    {msg::sheet_col, "Phiếu", "Sheet"},
    {msg::page_of, "Trang", "Page"},
    {msg::count_right, "bên phải: số sản phẩm", "right: number of products"},
};

constexpr bool in_order() {
    for (std::size_t i = 0; i < std::size(catalogue); ++i)
        if (static_cast<std::size_t>(catalogue[i].id) != i) return false;
    return std::size(catalogue) == static_cast<std::size_t>(msg::count_);
}
static_assert(in_order(), "the catalogue must list every msg in enum order");

} // namespace

std::string_view tr(msg m, report_lang lang) noexcept {
    const auto& e = catalogue[static_cast<std::size_t>(m)];
    return lang == report_lang::en ? e.en : e.vi;
}

std::string tr1(msg m, report_lang lang, std::string_view arg) {
    std::string s(tr(m, lang));
    const auto p = s.find("{}");
    if (p != std::string::npos) s.replace(p, 2, arg);
    return s;
}

} // namespace ocop::detail
