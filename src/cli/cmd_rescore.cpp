// ocop rescore: a cohort scored under two rulesets, star migration matrix and its drivers.
#include "cli_common.hpp"
#include "command.hpp"

#include <boost/describe/enum_from_string.hpp>

namespace ocop::cli {

namespace {

void append_ids(std::string& out, const char* key, const std::vector<std::string>& ids) {
    out += std::string(",\"") + key + "\":[";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, ids[i]);
    }
    out += "]";
}

std::string record_json(const rescored_record& r) {
    std::string out = "{\"id\":";
    append_json_string(out, r.id);
    out += ",\"sheet\":" + std::to_string(r.sheet) + ",\"total_from\":\"" + r.total_from.decimal() +
           "\",\"total_from_fraction\":\"" + r.total_from.fraction() + "\",\"total_to\":\"" +
           r.total_to.decimal() + "\",\"total_to_fraction\":\"" + r.total_to.fraction() +
           "\",\"total_to_max\":\"" + r.total_to_max.decimal() + "\",\"total_to_max_fraction\":\"" +
           r.total_to_max.fraction() + "\",\"stars_from\":" + std::to_string(r.stars_from) +
           ",\"stars_to\":" + std::to_string(r.stars_to) +
           ",\"stars_to_max\":" + std::to_string(r.stars_to_max) +
           ",\"exact\":" + (r.exact ? "true" : "false");
    append_ids(out, "mapped", r.mapped);
    append_ids(out, "merged", r.merged);
    append_ids(out, "open", r.open);
    append_ids(out, "filled", r.filled);
    out += ",\"drivers\":[";
    for (std::size_t i = 0; i < r.drivers.size(); ++i) {
        const auto& d = r.drivers[i];
        out += i ? ",{\"to\":" : "{\"to\":";
        append_json_string(out, d.to_id);
        out += ",\"from\":";
        append_json_string(out, d.from_id);
        out += ",\"from_points\":\"" + d.from_points.decimal() + "\",\"to_points\":\"" +
               d.to_points.decimal() + "\"}";
    }
    out += "],\"reasons\":[";
    for (std::size_t i = 0; i < r.reasons.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, r.reasons[i]);
    }
    return out + "]}";
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& s : ids) out += (out.empty() ? "" : " ") + s;
    return out;
}

int cmd_rescore(int argc, char** argv) {
    input_args in;
    ruleset_args rsa;
    std::string out_path, format = "text", from_id, to_id, fill_name = "range", crosswalk_path;
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
    app->add_option("--crosswalk", crosswalk_path,
                    "a crosswalk file (ocop-crosswalk/1) mapping --from criteria to --to")
        ->type_name("FILE");
    add_choice(*app, "--format", format, {"text", "json"}, "output format (default text)");
    add_output(*app, out_path);
    add_ruleset_options(*app, rsa);
    if (auto code = parse(*app, argc, argv)) return *code;
    std::vector<std::string> inputs{in.path};
    if (!crosswalk_path.empty()) inputs.push_back(crosswalk_path);
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
    if (!crosswalk_path.empty()) {
        auto c = crosswalk::load_file(crosswalk_path);
        if (!c) return fail(c.error().what());
        cw = std::move(*c);
    }
    rescorer rs(*reg, *from, *to, fill, cw ? &*cw : nullptr);
    if (rs.crosswalk_error()) return fail(rs.crosswalk_error()->what());
    std::string records;
    const int code = read_input(
        in,
        [&](const boost::json::value& v) -> result<void> {
            auto r = rs.rescore(v);
            if (!r) return r.error();
            if (format == "json")
                records += (records.empty() ? "" : ",\n") + record_json(*r);
            else if (r->stars_from != r->stars_to || r->stars_from != r->stars_to_max) {
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
    if (format == "json") {
        text = "{\"from\":";
        append_json_string(text, from->id());
        text += ",\"from_hash\":";
        append_json_string(text, from->hash());
        text += ",\"to\":";
        append_json_string(text, to->id());
        text += ",\"to_hash\":";
        append_json_string(text, to->hash());
        text += ",\"crosswalk\":";
        if (rs.crosswalk_used()) {
            text += "{\"from\":";
            append_json_string(text, rs.crosswalk_used()->from_id());
            text += ",\"to\":";
            append_json_string(text, rs.crosswalk_used()->to_id());
            text += ",\"hash\":";
            append_json_string(text, rs.crosswalk_used()->hash());
            text += "}";
        } else {
            text += "null";
        }
        text += ",\"fill\":\"" + fill_name + "\",\"records\":[\n" + records + "\n],\"matrix\":[";
        for (int i = 0; i < 6; ++i) {
            text += i ? ",[" : "[";
            for (int j = 0; j < 6; ++j) text += (j ? "," : "") + std::to_string(m[i][j]);
            text += "]";
        }
        text += "],\"matrix_max\":[";
        for (int i = 0; i < 6; ++i) {
            text += i ? ",[" : "[";
            for (int j = 0; j < 6; ++j)
                text += (j ? "," : "") + std::to_string(rs.matrix_max()[i][j]);
            text += "]";
        }
        text += "],\"drivers\":[";
        bool first = true;
        for (const auto& [cell, counts] : rs.cell_drivers()) {
            text += first ? "{" : ",{";
            first = false;
            text += "\"from_stars\":" + std::to_string(cell.first) +
                    ",\"to_stars\":" + std::to_string(cell.second) + ",\"criteria\":{";
            bool f2 = true;
            for (const auto& [id, n] : counts) {
                if (!f2) text += ',';
                f2 = false;
                append_json_string(text, id);
                text += ":" + std::to_string(n);
            }
            text += "}}";
        }
        text += "]}\n";
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
        text = rs.crosswalk_used()
                   ? "Crosswalk " + rs.crosswalk_used()->from_id() + " → " +
                         rs.crosswalk_used()->to_id() + " " + rs.crosswalk_used()->hash() + "\n"
                   : std::string("No crosswalk: criteria matched by id\n");
        table(m, "Star migration " + from->id() + " → " + to->id() + " (rows: from, columns: to" +
                     (ranged ? ", lowest stars of the open criteria's range" : "") + ")\n");
        if (ranged)
            table(rs.matrix_max(), "\nHighest stars of the range (rows: from, columns: to)\n");
        text += "\nChanged records:\n" + (records.empty() ? std::string("(none)\n") : records);
    }
    std::string err;
    return write_output(out_path, format == "json" ? text : printable(text, true), err) ? code
                                                                                        : fail(err);
}

const command_registration reg{"rescore", cmd_rescore,
                               "score a cohort under two rulesets: star migration matrix"};

} // namespace

} // namespace ocop::cli
