// ocop rescore: a cohort scored under two rulesets, star migration matrix and its drivers.
#include "cli_common.hpp"
#include "command.hpp"

#include <ocop/operation_json.hpp>

#include <boost/describe/enum_from_string.hpp>

namespace ocop::cli {

namespace {

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& s : ids) out += (out.empty() ? "" : " ") + s;
    return out;
}

int cmd_rescore(int argc, char** argv) {
    input_args in;
    ruleset_args rsa;
    format_args fa;
    std::string out_path, from_id, to_id, fill_name = "range";
    std::vector<std::string> crosswalk_paths;
    auto app = make_app("rescore", "Score a cohort under two editions: the star migration "
                                   "matrix and its drivers.");
    add_input(*app, in);
    app->add_option("--from", from_id, "the edition the records were scored under")
        ->required()
        ->type_name("ID");
    app->add_option("--to", to_id, "the edition to score them under")->required()->type_name("ID");
    add_choice(*app, "--fill", fill_name, {"range", "min", "max", "refuse"},
               "criteria of --to without a counterpart: the range of their options (default), "
               "lowest option, highest, or refuse the record");
    app->add_option("--crosswalk", crosswalk_paths,
                    "a crosswalk file (ocop-crosswalk/1) mapping --from criteria to --to; "
                    "repeatable: the files are chained in order (A → B, then B → C), each "
                    "starting where the previous one ends")
        ->type_name("FILE")
        ->allow_extra_args(false);
    add_format(*app, fa, {"text", "json", "csv", "matrix-csv"}, "text",
               "output format: text, json, csv (one row per record) or matrix-csv (the star "
               "migration matrix)");
    add_output(*app, out_path);
    add_ruleset_options(*app, rsa);
    if (auto code = parse(*app, argc, argv)) return *code;
    std::vector<std::string> inputs{in.path};
    inputs.insert(inputs.end(), crosswalk_paths.begin(), crosswalk_paths.end());
    if (auto code = check_files(inputs, &rsa, {out_path})) return *code;
    fill_policy fill = fill_policy::range;
    boost::describe::enum_from_string(fill_name.c_str(), fill);
    auto reg = make_registry(rsa);
    if (!reg) return fail(reg.error().message);
    const ruleset* from = reg->find(from_id);
    const ruleset* to = reg->find(to_id);
    if (!from || !to)
        return fail("unknown ruleset " + (from ? to_id : from_id) +
                    " (built-in id, or the id of --ruleset-file)");
    std::optional<crosswalk> cw;
    for (std::size_t i = 0; i < crosswalk_paths.size(); ++i) {
        auto c = crosswalk::load_file(crosswalk_paths[i]);
        if (!c) return fail(describe(c.error()));
        if (!cw) {
            cw = std::move(*c);
            continue;
        }
        if (cw->to_id() != c->from_id())
            return fail(crosswalk_paths[i] + ": crosswalk from " + c->from_id() + " to " +
                        c->to_id() + " does not continue the chain, which ends at " + cw->to_id() +
                        " (--crosswalk files are chained in order)");
        auto chained = crosswalk::chain(*cw, *c);
        if (!chained) return fail(crosswalk_paths[i] + ": " + describe(chained.error()));
        cw = std::move(*chained);
    }
    rescorer rs(*reg, *from, *to, fill, cw ? &*cw : nullptr);
    if (rs.crosswalk_error()) return fail(rs.crosswalk_error()->what());
    const std::string format = fa.resolve(out_path, "text");
    const csv_dialect dialect = fa.csv();
    std::string records =
        format == "csv" ? operation_csv_header(operation_table::rescore, dialect) : std::string();
    const int code = read_input(
        in,
        [&](const boost::json::value& v) -> result<void> {
            auto r = rs.rescore(v);
            if (!r) return r.error();
            if (format == "csv") {
                append_rescored_csv(rs, *r, records, dialect);
            } else if (format == "matrix-csv") {
                // counted by the rescorer; written after the last record
            } else if (format == "json") {
                if (!records.empty()) records += ",\n";
                append_rescored_json(*r, records);
            } else if (r->stars_from != r->stars_to || r->stars_from != r->stars_to_max) {
                records += printable(r->id) + ": " + std::to_string(r->stars_from) + "★ → " +
                           std::to_string(r->stars_to) + "★" +
                           (r->exact ? "" : ".." + std::to_string(r->stars_to_max) + "★") + " (" +
                           r->total_from.decimal() + " → " + r->total_to.decimal() +
                           (r->exact ? "" : ".." + r->total_to_max.decimal()) + ");";
                for (const auto& d : r->drivers)
                    records += " " + (d.to_id.empty() ? d.from_id + "(removed)" : d.to_id) + " " +
                               d.from_points.decimal() + "→" + d.to_points.decimal();
                if (!r->open.empty()) records += "; open: " + join_ids(r->open);
                records += "\n";
            }
            return {};
        },
        &*reg);
    if (code == exit_fatal) return code;
    std::string text;
    const auto& m = rs.matrix();
    if (format == "csv") {
        text = std::move(records);
    } else if (format == "matrix-csv") {
        text = rescore_matrix_csv(rs, dialect);
    } else if (format == "json") {
        append_rescore_json(rs, &records, text);
    } else {
        const bool ranged = rs.matrix_max() != m;
        auto table = [&](const std::array<std::array<int, 6>, 6>& mm, const std::string& title) {
            text += title + "from\\to    0    1    2    3    4    5\n";
            for (int i = 0; i < 6; ++i) {
                text += "   " + std::to_string(i) + "★   ";
                for (int j = 0; j < 6; ++j) {
                    std::string c = std::to_string(mm[i][j]);
                    text += std::string(5 - std::min<std::size_t>(c.size(), 4), ' ') + c;
                }
                text += "\n";
            }
        };
        if (const auto* c = rs.crosswalk_used()) {
            text = "Crosswalk " + c->from_id() + " → " + c->to_id() + " " + c->hash();
            for (std::size_t i = 0; i < c->steps().size(); ++i)
                text += std::string(i ? "; " : " (chained: ") + c->steps()[i].from + " → " +
                        c->steps()[i].to + " " + c->steps()[i].hash;
            text += c->chained() ? ")\n" : "\n";
        } else {
            text = "No crosswalk: criteria matched by id\n";
        }
        table(m, "Star migration " + from->id() + " → " + to->id() + " (rows: from, columns: to" +
                     (ranged ? ", lowest stars of the open criteria's range" : "") + ")\n");
        if (ranged)
            table(rs.matrix_max(), "\nHighest stars of the range (rows: from, columns: to)\n");
        text += "\nChanged records:\n" + (records.empty() ? std::string("(none)\n") : records);
    }
    std::string err;
    // Text is for a terminal (control characters shown); the tables escape their own cells.
    return write_output(out_path, format == "text" ? printable(text, true) : text, err) ? code
                                                                                        : fail(err);
}

const command_registration reg_cmd_rescore{
    "rescore", cmd_rescore, "score a cohort under two rulesets: star migration matrix"};

} // namespace

} // namespace ocop::cli
