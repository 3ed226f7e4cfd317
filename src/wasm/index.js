// ocop in JavaScript (Node 18+ and browsers): the C++ library compiled to WebAssembly, text in
// and text out. Every output equals the `ocop` CLI's output on the same input, byte for byte
// (docs/embedding-web.md).
import createOcopCore from './ocop-core.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Load the module: `const ocop = await createOcop()`. Each instance has its own memory. */
export async function createOcop() {
    const M = await createOcopCore();
    const put = (s) => {
        const b = encoder.encode(s);
        const p = M._malloc(b.length + 1);
        M.HEAPU8.set(b, p);
        M.HEAPU8[p + b.length] = 0;
        return [p, b.length];
    };
    const take = (data, size) => {
        const p = data();
        return decoder.decode(M.HEAPU8.subarray(p, p + size()));
    };
    // Ruleset texts are handed to the library once and then named by a number.
    const stored = [];
    const withRef = (options) => {
        const texts = options?.rulesets;
        if (!Array.isArray(texts) || !texts.length) return options;
        let s = stored.find((x) => x.texts.length === texts.length && x.texts.every((t, i) => t === texts[i]));
        if (!s) {
            const r = call('store_rulesets', '', { rulesets: texts });
            if (r.exitCode !== 0) return options; // the call itself reports the problem
            s = { texts: [...texts], ref: Number(r.output) };
            stored.push(s);
        }
        const { rulesets, ...rest } = options;
        return { ...rest, rulesetsRef: s.ref };
    };
    const call = (op, input, options) => {
        if (typeof input !== 'string') throw new TypeError('ocop: the input must be a string');
        if (op !== 'store_rulesets') options = withRef(options);
        const [opp] = put(op);
        const [ip, n] = put(input);
        const [optp] = put(JSON.stringify(options ?? {}));
        try {
            const exitCode = M._ocopw_run(opp, ip, n, optp);
            return {
                output: take(M._ocopw_out_data, M._ocopw_out_size),
                errors: take(M._ocopw_errors_data, M._ocopw_errors_size),
                exitCode,
            };
        } finally {
            M._free(opp);
            M._free(ip);
            M._free(optp);
        }
    };
    const must = (r) => {
        if (r.exitCode === 0) return r.output;
        const said = r.errors.trim().split('\n').map((l) => {
            try {
                return JSON.parse(l).message;
            } catch {
                return l;
            }
        });
        throw new Error('ocop: ' + said.join('; '));
    };
    const council = (input, options = {}) => {
        const o = { ...options };
        if (o.spread !== undefined) {
            o.spreadMilli = Math.round(Number(o.spread) * 1000);
            delete o.spread;
        }
        return call('council', input, o);
    };
    const cstr = (p) => {
        let e = p;
        while (M.HEAPU8[e]) ++e;
        return decoder.decode(M.HEAPU8.subarray(p, e));
    };
    return {
        /** Library version, "major.minor.patch". */
        version: cstr(M._ocopw_version()),
        score: (input, options) => call('score', input, options),
        explain: (input, options) => call('explain', input, options),
        plan: (input, options) => call('plan', input, options),
        range: (input, options) => call('range', input, options),
        council,
        validate: (input, options) => call('validate', input, options),
        schema: (options) => must(call('schema', '', options)),
        rulesets: (options) => JSON.parse(must(call('rulesets', '', options))),
        rulesetText: (id) => must(call('ruleset_text', id, {})),
        form: (options) => JSON.parse(must(call('form', '', options))),
    };
}

export default createOcop;
