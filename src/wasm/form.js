// The offline scoring form (make-form.mjs inlines it after index.js): every change is scored
// by the WebAssembly library, so the total, stars, reasons and plan are the CLI's own.
const model = JSON.parse(document.getElementById('ocop-model').textContent);
const extra = JSON.parse(document.getElementById('ocop-rulesets').textContent);
const base = extra.length ? { rulesets: extra, replace: true } : {};
const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, text) => {
    const e = Object.assign(document.createElement(tag), props);
    if (text !== undefined) e.textContent = text;
    return e;
};
const ocop = await createOcop();

let sheet = null;          // the model's sheet
const answers = new Map(); // criterion id -> option number (1-based)
const declared = new Set(); // knock-out codes the council found

// The evaluation as JSON text, answers in printed order (a JS object would put the
// integer-like codes "7", "8" first).
function evaluationText() {
    const ans = sheet.criteria.filter((c) => answers.has(c.id))
        .map((c) => `${JSON.stringify(c.id)}:{"option":${answers.get(c.id)}}`);
    return `{"id":${JSON.stringify($('recid').value || 'phieu-1')},"ruleset":${JSON.stringify(model.id)},` +
        `"sheet":${sheet.no},"answers":{${ans.join(',')}}` +
        (declared.size ? `,"knockouts":${JSON.stringify([...declared])}` : '') + '}';
}

function optionText(o) {
    const marker = o.marker ? ' ' + '*'.repeat(o.marker) : '';
    return `${o.label_vi} — ${o.points} điểm${marker}${o.knockout ? ' (bị loại)' : ''}`;
}

function buildSheet(no) {
    sheet = model.sheets.find((s) => s.no === no);
    answers.clear();
    declared.clear();
    const box = $('criteria');
    box.replaceChildren();
    $('knockouts').replaceChildren();
    if (sheet.refusal) {
        box.append(el('p', { className: 'err' }, sheet.refusal));
        update();
        return;
    }
    if (sheet.knockouts.length) {
        const k = $('knockouts');
        k.append(el('label', { className: 'top' }, 'Điều kiện bị loại hội đồng xác định'));
        for (const ko of sheet.knockouts) {
            const cb = el('input', { type: 'checkbox', value: ko.code, id: 'ko-' + ko.code });
            cb.addEventListener('change', () => {
                cb.checked ? declared.add(ko.code) : declared.delete(ko.code);
                update();
            });
            const l = el('label', { htmlFor: cb.id, className: 'note' }, ` ${ko.code}: ${ko.vi}`);
            k.append(el('div'));
            k.lastChild.append(cb, l);
        }
    }
    let group = -1, sub;
    for (const c of sheet.criteria) {
        if (c.group !== group) {
            group = c.group;
            sub = undefined;
            const g = sheet.groups[group];
            box.append(el('h2', {}, `${g.part}. ${g.title_vi} (${g.max_points} điểm)`));
            if (g.choose_one_case) box.append(el('p', { className: 'note' }, 'Chỉ chấm một trường hợp (a hoặc b).'));
        }
        if (c.subgroup_vi && c.subgroup_vi !== sub) {
            sub = c.subgroup_vi;
            box.append(el('h3', {}, sub));
        }
        const d = el('div', { className: 'crit unset' });
        const sel = el('select', { id: 'c-' + c.id, name: c.id });
        sel.dataset.criterion = c.id;
        sel.setAttribute('aria-label', c.title_vi);
        sel.append(el('option', { value: '' }, '— chưa chọn —'));
        c.options.forEach((o, i) => sel.append(el('option', { value: String(i + 1) }, optionText(o))));
        sel.addEventListener('change', () => {
            sel.value ? answers.set(c.id, Number(sel.value)) : answers.delete(c.id);
            d.classList.toggle('unset', !sel.value);
            update();
        });
        d.append(el('div', { className: 't' }, `${c.title_vi} (tối đa ${c.max_points})`), sel);
        box.append(d);
    }
    update();
}

const starText = (n) => (n > 0 ? '★'.repeat(n) + '☆'.repeat(5 - n) : 'không đạt sao');

function showPlan(text) {
    const ul = $('plan');
    ul.replaceChildren();
    const r = ocop.plan(text, base);
    if (r.exitCode !== 0 || !r.output) return;
    const p = JSON.parse(r.output);
    for (const ch of p.changes ?? []) {
        const c = sheet.criteria.find((x) => x.id === ch.criterion);
        const o = c.options[ch.to_option - 1];
        ul.append(el('li', {}, `${c.title_vi}: ${ch.from_points} → ${ch.to_points} điểm — ${o.label_vi}`));
    }
    ul.append(el('li', { className: 'note' }, p.message));
}

function update() {
    const text = evaluationText();
    $('evaluation').value = text;
    const state = { evaluation: text, result: null, total: null, stars: null, complete: false };
    $('reasons').replaceChildren();
    $('plan').replaceChildren();
    $('parts').replaceChildren();
    if (!sheet.criteria) {
        $('status').textContent = 'Phiếu này không chấm được.';
        window.ocopForm = state;
        return;
    }
    const r = ocop.score(text, { ...base, detail: 'criteria', messages: true });
    if (r.exitCode === 0) {
        const res = JSON.parse(r.output);
        state.result = r.output.trimEnd();
        state.total = res.total_exact;
        state.stars = res.stars;
        state.complete = true;
        $('result').value = state.result;
        $('status').textContent = res.status === 'scored' ? 'Đã chấm đủ' : res.status === 'knocked_out' ? 'Bị loại' : res.status;
        $('total').textContent = String(res.total);
        $('exact').textContent = `/ ${res.max_total} điểm (chính xác: ${res.total_exact})`;
        $('stars').textContent = starText(res.stars);
        $('stars').dataset.stars = String(res.stars);
        for (const [k, v] of Object.entries(res.parts)) $('parts').append(el('span', {}, `Phần ${k}: ${v}`));
        for (const x of res.reasons) if (x.severity !== 'info') $('reasons').append(el('li', {}, x.message));
        $('reasons').append(el('li', { className: 'note' }, `Hạng theo điểm: ${res.band_stars}★; theo dấu sao: ${res.marker_stars}★; quyết định bởi: ${res.decided_by}`));
        showPlan(text);
    } else {
        $('result').value = '';
        $('stars').dataset.stars = '';
        const rg = ocop.range(text, base);
        const missing = sheet.criteria.filter((c) => !answers.has(c.id)).length;
        if (rg.exitCode === 0) {
            const g = JSON.parse(rg.output);
            $('status').textContent = `Chưa chấm ${g.unscored} tiêu chí`;
            $('total').textContent = `${g.total_min} – ${g.total_max}`;
            $('exact').textContent = 'điểm có thể đạt';
            $('stars').textContent = g.stars_min === g.stars_max ? starText(g.stars_min) : `${g.stars_min}★ – ${g.stars_max}★`;
        } else {
            $('status').textContent = `Chưa chấm ${missing} tiêu chí`;
            $('total').textContent = '–';
            $('exact').textContent = '';
            $('stars').textContent = '';
        }
        const e = (r.errors.split('\n')[0] || '').trim();
        if (e) $('reasons').append(el('li', { className: 'err' }, JSON.parse(e).message));
    }
    window.ocopForm = state;
}

const sel = $('sheet');
for (const s of model.sheets) sel.append(el('option', { value: String(s.no) }, `${s.no}. ${s.name_vi}`));
sel.addEventListener('change', () => buildSheet(Number(sel.value)));
$('recid').addEventListener('input', update);
$('export').addEventListener('click', () => {
    const blob = new Blob([$('evaluation').value + '\n'], { type: 'application/json' });
    const a = el('a', { href: URL.createObjectURL(blob), download: `${$('recid').value || 'phieu-1'}.json` });
    document.body.append(a);
    a.click();
    a.remove();
});
$('copy').addEventListener('click', () => navigator.clipboard?.writeText($('result').value));
buildSheet(model.sheets.find((s) => !s.refusal)?.no ?? model.sheets[0].no);
sel.value = String(sheet.no);
document.body.dataset.ready = '1';
