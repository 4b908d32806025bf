//! The HTML audit report and the CSV rows of `notescan scan --format csv`.
//!
//! [`html_report`] builds one self-contained HTML page (inline CSS and a little
//! plain JS, no network, no external assets) with:
//! - a summary table of every note (id, verdict, score, codes, flags), sortable
//!   by clicking a header and filterable by verdict and flag code;
//! - per note: the note text with every evidence mention highlighted and
//!   coloured by category (negated mentions struck through, hypothetical,
//!   historical, family and planned ones dimmed), section boundaries marked,
//!   the checklist (✓ / ✗ / n/a) and each flag with its code, message and a
//!   link to the rule's explanation, embedded once at the end of the page.
//!
//! Every piece of note text (and every id) is HTML-escaped; the page's script
//! embeds no note data, so a note holding `<script>` shows as text.
//!
//! Stable hooks for tests and tools:
//! - summary rows: `<tr class="row" data-id data-verdict data-score data-flags data-note>`;
//! - highlights: `<mark class="hl cat-CATEGORY" data-cat data-start data-end>` (byte
//!   offsets into the note, as in the JSON output; a mention split by an
//!   overlap or a section marker repeats its attributes on each piece, the
//!   first piece carries `data-first`);
//! - section markers: `<span class="sec" data-section data-start>`;
//! - the page applies a filter and an order from its URL hash
//!   (`#verdict=unsupported&flag=NS101&sort=score&dir=desc`; sort keys `id`,
//!   `verdict`, `score`, `codes`, `flags`, `top`)
//!   and sets `data-ready="1"` and `data-shown="N"` on `<body>` once it has.
//!
//! ```
//! use notescan::{Scanner, audit, report};
//! let note = "PROCEDURE: Right L5-S1 TFESI under fluoroscopy. <b>10 mg</b> dexamethasone.";
//! let scan = Scanner::new().scan("n1", note);
//! let a = audit::audit(&scan, note, &audit::Policy::default());
//! let html = report::html_report(&[report::ReportItem::new(note, scan, a)]);
//! assert!(html.contains(r#"data-start="17" data-end="22""#));
//! assert!(html.contains("&lt;b&gt;"));
//! ```

use crate::audit::{self, Audit, Verdict};
use crate::facts::{Facts, Role};
use crate::lexicon::{Category, Concept};
use crate::mention::{Assertions, Mention};
use crate::output::assertion_names;
use crate::scanner::Scan;
use crate::vocab::RadicularKind;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One note of the report: its text, scan and audit, plus optional metadata.
#[derive(Clone, Debug)]
pub struct ReportItem {
    /// The note text the scan was made from (spans are byte offsets into it).
    pub text: String,
    /// The scan of `text`; its `id` names the note.
    pub scan: Scan,
    /// The audit of the scan.
    pub audit: Audit,
    /// Extra `(label, value)` pairs shown in the note's header (e.g. FHIR
    /// `patient` and `date`).
    pub meta: Vec<(String, String)>,
    /// Reading warnings of the record (never note text).
    pub warnings: Vec<String>,
}

impl ReportItem {
    /// An item without metadata or warnings.
    pub fn new(text: impl Into<String>, scan: Scan, audit: Audit) -> ReportItem {
        ReportItem {
            text: text.into(),
            scan,
            audit,
            meta: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A record that could not be read, listed in the report's error table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    /// Record id (or `file:line`).
    pub id: String,
    /// Machine-readable kind (`invalid_json`, `no_text_attachment`, ...).
    pub kind: String,
    /// What went wrong (never note text).
    pub message: String,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The highlight class of a mention (`level`, `side`, `imaging`, `contrast`,
/// `drug`, `dose`, `sedation`, `pain`, `care`, `radicular`, `axial`,
/// `approach`, `region`, `objective`, `duration`, `percent`), or `None` for
/// mentions that are not evidence (headers, context triggers, cues).
pub fn highlight_class(m: &Mention) -> Option<&'static str> {
    Some(match m.kind.category() {
        Category::Level => "level",
        Category::Side => "side",
        Category::Imaging => "imaging",
        Category::Contrast => "contrast",
        Category::Drug => "drug",
        Category::Quantity => "dose",
        Category::Sedation => "sedation",
        Category::PainScore => "pain",
        Category::Care => "care",
        Category::Radicular => match m.concept() {
            Some(Concept::Radicular(RadicularKind::Axial)) => "axial",
            _ => "radicular",
        },
        Category::Approach => "approach",
        Category::Region => "region",
        Category::Objective | Category::StrengthGrade => "objective",
        Category::Duration => "duration",
        Category::Percent => "percent",
        Category::Header | Category::Trigger | Category::Cue => return None,
    })
}

/// Legend entries: class, label, colour.
const LEGEND: &[(&str, &str, &str)] = &[
    ("level", "level", "#ffd54f"),
    ("side", "side", "#ffab91"),
    ("imaging", "imaging", "#81d4fa"),
    ("contrast", "contrast", "#b39ddb"),
    ("drug", "drug", "#a5d6a7"),
    ("dose", "dose", "#c5e1a5"),
    ("sedation", "sedation", "#f48fb1"),
    ("pain", "pain score", "#ef9a9a"),
    ("care", "conservative care", "#80cbc4"),
    ("radicular", "radicular", "#ffcc80"),
    ("axial", "axial", "#bcaaa4"),
    ("approach", "approach", "#90caf9"),
    ("region", "region", "#e6ee9c"),
    ("objective", "objective", "#ce93d8"),
    ("duration", "duration", "#b2dfdb"),
    ("percent", "percent", "#fff59d"),
];

const CSS: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header.top{background:#263238;color:#fff;padding:12px 20px}
header.top h1{margin:0;font-size:20px}
main{padding:12px 20px}
table{border-collapse:collapse;background:#fff}
#summary th,#summary td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
#summary th{background:#eceff1;cursor:pointer;user-select:none;white-space:nowrap}
#summary th[data-dir="asc"]::after{content:" \25B2"}
#summary th[data-dir="desc"]::after{content:" \25BC"}
.filters{margin:8px 0;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.v{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px}
.v-supported{background:#c8e6c9;color:#1b5e20}
.v-at_risk{background:#ffe0b2;color:#e65100}
.v-unsupported{background:#ffcdd2;color:#b71c1c}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.legend span{padding:1px 6px;border-radius:3px;font-size:12px}
article.note{background:#fff;border:1px solid #ddd;border-radius:6px;margin:18px 0;padding:10px 16px}
article.note h2{margin:4px 0 6px;font-size:17px}
.meta{color:#555;font-size:13px}
.cols{display:flex;gap:20px;align-items:flex-start;flex-wrap:wrap}
.text{flex:3 1 520px;white-space:pre-wrap;font:13px/1.55 ui-monospace,Menlo,Consolas,monospace;background:#fcfcfc;border:1px solid #eee;padding:8px;overflow-wrap:anywhere}
.side{flex:2 1 320px}
mark.hl{border-radius:2px;padding:0 1px;color:inherit}
mark.neg{text-decoration:line-through;opacity:.55}
mark.ctx{opacity:.6;font-style:italic}
mark.hl mark.hl{box-shadow:inset 0 -2px 0 rgba(0,0,0,.35)}
.sec{display:block;border-top:1px solid #90a4ae;margin:6px 0 2px;font:11px system-ui,sans-serif;color:#607d8b;text-transform:uppercase;letter-spacing:.04em}
.sec:first-child{margin-top:0}
ul.check{list-style:none;padding:0;margin:4px 0}
ul.check li{padding:1px 0}
.ok{color:#2e7d32;font-weight:700}.no{color:#c62828;font-weight:700}.na{color:#888}
.flag{border-left:4px solid #bbb;padding:2px 8px;margin:6px 0;background:#fafafa}
.flag.error{border-color:#c62828}.flag.warning{border-color:#ef6c00}.flag.info{border-color:#1565c0}
.flag code,.fcode{font-weight:700}
.ev{color:#555;font-size:12px}
#rules section{background:#fff;border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:6px 14px}
#rules pre{white-space:pre-wrap;font:13px/1.45 system-ui,sans-serif}
.errors td{border:1px solid #ddd;padding:3px 8px}
"#;

const JS: &str = r#"
(function(){
  var rows=[].slice.call(document.querySelectorAll('#summary tbody tr.row'));
  var vsel=document.getElementById('f-verdict'), fsel=document.getElementById('f-flag');
  var count=document.getElementById('f-count');
  function apply(){
    var v=vsel.value, f=fsel.value, shown=0;
    rows.forEach(function(r){
      var ok=(!v||r.getAttribute('data-verdict')===v)&&
             (!f||(' '+r.getAttribute('data-flags')+' ').indexOf(' '+f+' ')>=0);
      r.style.display=ok?'':'none';
      var art=document.getElementById(r.getAttribute('data-note'));
      if(art){art.style.display=ok?'':'none';}
      if(ok){shown++;}
    });
    count.textContent=shown+' of '+rows.length+' notes shown';
    document.body.setAttribute('data-shown',String(shown));
  }
  var sortKey='', sortDir='asc';
  function fromHash(){
    var h=location.hash.replace(/^#/,'');
    h.split('&').forEach(function(kv){
      var i=kv.indexOf('='); if(i<0){return;}
      var k=decodeURIComponent(kv.slice(0,i)), val=decodeURIComponent(kv.slice(i+1));
      if(k==='verdict'){vsel.value=val;} else if(k==='flag'){fsel.value=val;}
      else if(k==='sort'){sortKey=val;} else if(k==='dir'){sortDir=val;}
    });
  }
  function toHash(){
    var parts=[];
    if(vsel.value){parts.push('verdict='+encodeURIComponent(vsel.value));}
    if(fsel.value){parts.push('flag='+encodeURIComponent(fsel.value));}
    if(sortKey){parts.push('sort='+sortKey,'dir='+sortDir);}
    if(history.replaceState){history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname);}
  }
  vsel.addEventListener('change',function(){apply();toHash();});
  fsel.addEventListener('change',function(){apply();toHash();});
  var ths=[].slice.call(document.querySelectorAll('#summary thead th'));
  function sortBy(col,dir){
    var th=ths[col]; if(!th){return;}
    ths.forEach(function(t){t.removeAttribute('data-dir');});
    th.setAttribute('data-dir',dir);
    sortKey=th.getAttribute('data-key'); sortDir=dir;
    var num=th.getAttribute('data-type')==='num';
    var body=document.querySelector('#summary tbody');
    var sorted=rows.slice().sort(function(a,b){
      var x=a.children[col].getAttribute('data-sort'), y=b.children[col].getAttribute('data-sort');
      var c=num?(parseFloat(x)-parseFloat(y)):(x<y?-1:x>y?1:0);
      return dir==='asc'?c:-c;
    });
    sorted.forEach(function(r){body.appendChild(r);});
  }
  ths.forEach(function(th,col){
    th.addEventListener('click',function(){
      sortBy(col,th.getAttribute('data-dir')==='asc'?'desc':'asc');
      toHash();
    });
  });
  function applySort(){
    if(!sortKey){return;}
    for(var i=0;i<ths.length;i++){
      if(ths[i].getAttribute('data-key')===sortKey){sortBy(i,sortDir==='desc'?'desc':'asc');}
    }
  }
  fromHash(); apply(); applySort();
  window.addEventListener('hashchange',function(){fromHash();apply();applySort();});
  if(window.__pwned){document.body.setAttribute('data-pwned','1');}
  document.body.setAttribute('data-ready','1');
})();
"#;

/// The report page for `items` (no unreadable records listed).
pub fn html_report(items: &[ReportItem]) -> String {
    html_report_with(items, &[], "notescan audit report")
}

/// The report page for `items`, with a table of the records that could not be
/// read and a page title.
pub fn html_report_with(items: &[ReportItem], errors: &[ReportError], title: &str) -> String {
    let mut h =
        String::with_capacity(items.iter().map(|i| i.text.len() * 3).sum::<usize>() + 64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
    // No network: forbid every fetch; inline style and script only.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    let _ = write!(h, "<title>{}</title>\n<style>{CSS}", escape_html(title));
    for (class, _, colour) in LEGEND {
        let _ = writeln!(
            h,
            "mark.cat-{class},.legend .cat-{class}{{background:{colour}}}"
        );
    }
    h.push_str("</style></head>\n<body>\n");
    let _ = write!(h, "<header class=\"top\"><h1>{}</h1>", escape_html(title));
    let (mut sup, mut risk, mut uns) = (0, 0, 0);
    for it in items {
        match it.audit.verdict {
            Verdict::Supported => sup += 1,
            Verdict::AtRisk => risk += 1,
            Verdict::Unsupported => uns += 1,
        }
    }
    let policy = items
        .first()
        .map(|i| i.audit.policy.as_str())
        .unwrap_or("-");
    let _ = write!(
        h,
        "<div>{} note(s) · {sup} supported · {risk} at risk · {uns} unsupported · {} unreadable · policy {} · CPT 64483</div></header>\n<main>\n",
        items.len(),
        errors.len(),
        escape_html(policy)
    );
    summary(&mut h, items);
    if !errors.is_empty() {
        h.push_str("<h2>Records that could not be read</h2>\n<table class=\"errors\"><thead><tr><th>id</th><th>kind</th><th>message</th></tr></thead><tbody>\n");
        for e in errors {
            let _ = writeln!(
                h,
                "<tr class=\"error-row\" data-kind=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_html(&e.kind),
                escape_html(&e.id),
                escape_html(&e.kind),
                escape_html(&e.message)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("<div class=\"legend\">");
    for (class, label, _) in LEGEND {
        let _ = write!(h, "<span class=\"cat-{class}\">{label}</span>");
    }
    h.push_str("<span style=\"text-decoration:line-through;opacity:.55;background:#eee\">negated</span><span style=\"opacity:.6;font-style:italic;background:#eee\">hypothetical / historical / planned / family</span></div>\n");
    for (i, it) in items.iter().enumerate() {
        note(&mut h, i, it);
    }
    rules_section(&mut h, items);
    let _ = write!(h, "</main>\n<script>{JS}</script>\n</body></html>\n");
    h
}

fn codes_text(a: &Audit) -> String {
    let mut parts = Vec::new();
    for c in &a.codes {
        let code = serde_json::to_value(c.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let m = c
            .modifier
            .and_then(|m| serde_json::to_value(m).ok())
            .and_then(|v| v.as_str().map(str::to_string));
        let mut s = code;
        if let Some(m) = m {
            s.push('-');
            s.push_str(&m);
        }
        if c.units > 1 {
            let _ = write!(s, " ×{}", c.units);
        }
        parts.push(s);
    }
    if parts.is_empty() {
        if let Some(l) = &a.looks_like {
            return format!("(looks like {l})");
        }
    }
    parts.join(", ")
}

fn verdict_badge(v: Verdict) -> String {
    format!(
        "<span class=\"v v-{0}\">{1}</span>",
        v.as_str(),
        v.as_str().replace('_', " ")
    )
}

fn summary(h: &mut String, items: &[ReportItem]) {
    let flag_codes: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.audit.flags.iter().map(|f| f.code))
        .collect();
    h.push_str("<h2>Summary</h2>\n<div class=\"filters\"><label>Verdict <select id=\"f-verdict\"><option value=\"\">all</option>");
    for v in [Verdict::Supported, Verdict::AtRisk, Verdict::Unsupported] {
        let _ = write!(
            h,
            "<option value=\"{0}\">{1}</option>",
            v.as_str(),
            v.as_str().replace('_', " ")
        );
    }
    h.push_str(
        "</select></label><label>Flag <select id=\"f-flag\"><option value=\"\">any</option>",
    );
    for c in &flag_codes {
        let name = audit::find_rule(c).map(|r| r.name).unwrap_or("");
        let _ = write!(h, "<option value=\"{c}\">{c} {name}</option>");
    }
    let _ = writeln!(
        h,
        "</select></label><span id=\"f-count\">{0} of {0} notes shown</span></div>",
        items.len()
    );
    h.push_str("<table id=\"summary\"><thead><tr><th data-key=\"id\" data-type=\"str\">id</th><th data-key=\"verdict\" data-type=\"num\">verdict</th><th data-key=\"score\" data-type=\"num\">score</th><th data-key=\"codes\" data-type=\"str\">codes</th><th data-key=\"flags\" data-type=\"num\">flags</th><th data-key=\"top\" data-type=\"str\">top flags</th></tr></thead>\n<tbody>\n");
    for (i, it) in items.iter().enumerate() {
        let a = &it.audit;
        let id = escape_html(&it.scan.id);
        let codes: Vec<&str> = a.flags.iter().map(|f| f.code).collect();
        let vrank = match a.verdict {
            Verdict::Supported => 0,
            Verdict::AtRisk => 1,
            Verdict::Unsupported => 2,
        };
        let mut top: Vec<&audit::Flag> = a.flags.iter().collect();
        top.sort_by_key(|f| f.severity);
        let top: Vec<String> = top
            .iter()
            .take(3)
            .map(|f| {
                format!(
                    "<a class=\"fcode sev-{1}\" href=\"#rule-{0}\" title=\"{2}\">{0}</a> {3}",
                    f.code,
                    f.severity.as_str(),
                    escape_html(&f.message),
                    f.name
                )
            })
            .collect();
        let more = a.flags.len().saturating_sub(3);
        let codes_str = escape_html(&codes_text(a));
        let _ = writeln!(
            h,
            "<tr class=\"row\" data-id=\"{id}\" data-verdict=\"{v}\" data-score=\"{score}\" data-flags=\"{flags}\" data-note=\"note-{i}\">\
<td data-sort=\"{id}\"><a href=\"#note-{i}\">{id}</a></td>\
<td data-sort=\"{vrank}\">{badge}</td>\
<td data-sort=\"{score}\">{score}</td>\
<td data-sort=\"{codes_str}\">{codes_str}</td>\
<td data-sort=\"{nflags}\">{nflags}</td>\
<td data-sort=\"{flags}\">{top}{more}</td></tr>",
            v = a.verdict.as_str(),
            score = a.score,
            flags = codes.join(" "),
            badge = verdict_badge(a.verdict),
            nflags = a.flags.len(),
            top = top.join("<br>"),
            more = if more > 0 {
                format!("<br><span class=\"meta\">+{more} more</span>")
            } else {
                String::new()
            },
        );
    }
    h.push_str("</tbody></table>\n");
}

/// One highlighted mention.
struct Hl {
    start: usize,
    end: usize,
    class: &'static str,
    extra: &'static str,
    title: String,
}

fn open_mark(h: &mut String, hl: &Hl, first: bool) {
    let _ = write!(
        h,
        "<mark class=\"hl cat-{c}{x}\" data-cat=\"{c}\" data-start=\"{s}\" data-end=\"{e}\"{f} title=\"{t}\">",
        c = hl.class,
        x = hl.extra,
        s = hl.start,
        e = hl.end,
        f = if first { " data-first=\"1\"" } else { "" },
        t = hl.title
    );
}

/// The note text with highlights and section markers, HTML-escaped.
///
/// Overlapping mentions nest when one contains the other; a partial overlap
/// closes the inner mark at the outer one's end and reopens it (same
/// attributes). Spans out of range or not on char boundaries are skipped.
fn highlighted(h: &mut String, it: &ReportItem) {
    let text = it.text.as_str();
    let ok = |s: usize, e: usize| {
        s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
    };
    let mut hls: Vec<Hl> = Vec::new();
    for m in &it.scan.mentions {
        let Some(class) = highlight_class(m) else {
            continue;
        };
        if !ok(m.span.start, m.span.end) {
            continue;
        }
        let extra = if m.assertions.has(Assertions::NEGATED) {
            " neg"
        } else if !m.assertions.is_plain() {
            " ctx"
        } else {
            ""
        };
        let ctx = assertion_names(m.assertions);
        let title = if ctx.is_empty() {
            class.to_string()
        } else {
            format!("{class} ({})", ctx.join(", "))
        };
        hls.push(Hl {
            start: m.span.start,
            end: m.span.end,
            class,
            extra,
            title: escape_html(&title),
        });
    }
    // Longer first at the same start, so the outer mark opens first.
    hls.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let sections: Vec<(usize, &'static str)> = it
        .scan
        .sections
        .iter()
        .filter(|s| s.span.start <= text.len() && text.is_char_boundary(s.span.start))
        .map(|s| (s.span.start, s.name.as_str()))
        .collect();
    let mut points: BTreeSet<usize> = BTreeSet::new();
    points.insert(0);
    points.insert(text.len());
    for hl in &hls {
        points.insert(hl.start);
        points.insert(hl.end);
    }
    for (s, _) in &sections {
        points.insert(*s);
    }
    let mut stack: Vec<usize> = Vec::new(); // indexes into hls
    let mut next = 0; // next hl to open
    let mut sec_i = 0;
    let mut prev = 0;
    let mut started: Vec<bool> = vec![false; hls.len()];
    for &p in &points {
        if p > prev {
            push_escaped(h, &text[prev..p]);
        }
        prev = p;
        // Close marks ending here (and those above them, to reopen).
        let mut reopen: Vec<usize> = Vec::new();
        if let Some(lowest) = stack.iter().position(|&i| hls[i].end <= p) {
            while stack.len() > lowest {
                let i = stack.pop().unwrap_or(0);
                h.push_str("</mark>");
                if hls[i].end > p {
                    reopen.push(i);
                }
            }
            reopen.reverse();
        }
        // A section starting here: close everything, mark, reopen.
        let mut sec_here = None;
        while sec_i < sections.len() && sections[sec_i].0 <= p {
            if sections[sec_i].0 == p {
                sec_here = Some(sections[sec_i]);
            }
            sec_i += 1;
        }
        if let Some((start, name)) = sec_here {
            while let Some(i) = stack.pop() {
                h.push_str("</mark>");
                reopen.insert(0, i);
            }
            let _ = write!(
                h,
                "<span class=\"sec\" data-section=\"{name}\" data-start=\"{start}\">{}</span>",
                name.replace('_', " ")
            );
        }
        for i in reopen {
            open_mark(h, &hls[i], false);
            stack.push(i);
        }
        while next < hls.len() && hls[next].start == p {
            open_mark(h, &hls[next], !started[next]);
            started[next] = true;
            stack.push(next);
            next += 1;
        }
    }
    while stack.pop().is_some() {
        h.push_str("</mark>");
    }
}

fn tick(v: Option<bool>) -> (&'static str, &'static str) {
    match v {
        Some(true) => ("ok", "✓"),
        Some(false) => ("no", "✗"),
        None => ("na", "n/a"),
    }
}

fn note(h: &mut String, i: usize, it: &ReportItem) {
    let a = &it.audit;
    let id = escape_html(&it.scan.id);
    let _ = write!(
        h,
        "<article class=\"note\" id=\"note-{i}\" data-id=\"{id}\" data-verdict=\"{}\">\n<h2>{id} {} <span class=\"meta\">score {} · {}</span></h2>\n",
        a.verdict.as_str(),
        verdict_badge(a.verdict),
        a.score,
        escape_html(&codes_text(a)),
    );
    let mut meta: Vec<String> = it
        .meta
        .iter()
        .map(|(k, v)| format!("{}: {}", escape_html(k), escape_html(v)))
        .collect();
    meta.push(format!("{} bytes", it.text.len()));
    meta.push(escape_html(&facts_line(&it.scan.facts)));
    let _ = writeln!(h, "<div class=\"meta\">{}</div>", meta.join(" · "));
    for w in &it.warnings {
        let _ = writeln!(h, "<div class=\"meta\">warning: {}</div>", escape_html(w));
    }
    h.push_str("<div class=\"cols\"><div class=\"text\">");
    highlighted(h, it);
    h.push_str("</div>\n<div class=\"side\"><h3>Checklist</h3><ul class=\"check\">");
    for (name, v) in a.checklist.items() {
        let (class, sym) = tick(v);
        let _ = write!(
            h,
            "<li data-item=\"{name}\" data-value=\"{class}\"><span class=\"{class}\">{sym}</span> {}</li>",
            name.replace('_', " ")
        );
    }
    h.push_str("</ul>\n<h3>Flags</h3>");
    if a.flags.is_empty() {
        h.push_str("<p class=\"meta\">none</p>");
    }
    for f in &a.flags {
        let ev: Vec<String> = f
            .spans
            .iter()
            .filter_map(|s| {
                it.text
                    .get(s.range())
                    .map(|t| format!("“{}” @{}", escape_html(t), s.start))
            })
            .collect();
        let _ = writeln!(
            h,
            "<div class=\"flag {sev}\" data-code=\"{code}\"><a href=\"#rule-{code}\"><code>{code}</code></a> {name} <span class=\"meta\">{sev}{sec}</span><div>{msg}</div>{ev}</div>",
            sev = f.severity.as_str(),
            code = f.code,
            name = f.name,
            sec = f
                .section
                .map(|s| format!(" · {}", s.as_str()))
                .unwrap_or_default(),
            msg = escape_html(&f.message),
            ev = if ev.is_empty() {
                String::new()
            } else {
                format!("<div class=\"ev\">{}</div>", ev.join(" · "))
            }
        );
    }
    h.push_str("</div></div></article>\n");
}

fn rules_section(h: &mut String, items: &[ReportItem]) {
    let codes: BTreeSet<&str> = items
        .iter()
        .flat_map(|i| i.audit.flags.iter().map(|f| f.code))
        .collect();
    if codes.is_empty() {
        return;
    }
    h.push_str("<div id=\"rules\"><h2>Rule explanations</h2>\n");
    for c in codes {
        let text = audit::explain(c).unwrap_or_else(|| format!("# {c}\n\n(no explanation)"));
        let _ = writeln!(
            h,
            "<section id=\"rule-{c}\"><pre>{}</pre></section>",
            escape_html(&text)
        );
    }
    h.push_str("</div>\n");
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

fn opt_bool(v: Option<bool>) -> String {
    match v {
        Some(true) => "true".into(),
        Some(false) => "false".into(),
        None => String::new(),
    }
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn targets(f: &Facts) -> String {
    f.procedure
        .targets
        .iter()
        .map(|t| {
            let l = t.level.map(|l| l.to_string()).unwrap_or_else(|| "?".into());
            match t.side {
                Some(s) => format!("{l} {}", enum_str(&s)),
                None => l,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn steroid(f: &Facts) -> String {
    f.procedure
        .injectates
        .iter()
        .filter(|i| i.role == Role::Steroid)
        .map(|i| match i.dose_mg {
            Some(d) => format!("{} {} mg", i.drug, num(d)),
            None => i.drug.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn facts_line(f: &Facts) -> String {
    let p = &f.procedure;
    let mut parts = Vec::new();
    if let Some(a) = p.approach {
        parts.push(enum_str(&a));
    }
    if let Some(r) = p.region {
        parts.push(enum_str(&r));
    }
    let t = targets(f);
    if !t.is_empty() {
        parts.push(t);
    }
    if let Some(i) = p.imaging {
        parts.push(enum_str(&i));
    }
    let s = steroid(f);
    if !s.is_empty() {
        parts.push(s);
    }
    if p.approach.is_none() && !p.performed {
        parts.push("no procedure documented".into());
    }
    parts.join(" · ")
}

/// The CSV columns of `notescan scan --format csv`, one row per note.
pub fn csv_header() -> Vec<&'static str> {
    vec![
        "id",
        "patient",
        "date",
        "verdict",
        "score",
        "codes",
        "flags",
        "looks_like",
        "performed",
        "approach",
        "region",
        "targets",
        "imaging",
        "contrast",
        "steroid",
        "anesthetic",
        "sedation",
        "radicular",
        "axial_only",
        "objective_support",
        "conservative_care",
        "pain_scores",
        "prior_relief_pct",
        "error_kind",
        "error_message",
    ]
}

/// One CSV row (columns of [`csv_header`]) for a scanned, audited note
/// (`patient` and `date` empty: see [`csv_row_with_meta`]).
pub fn csv_row(scan: &Scan, audit: &Audit) -> Vec<String> {
    csv_row_with_meta(scan, audit, None, None)
}

/// [`csv_row`] with the `patient` and `date` columns filled (FHIR input).
pub fn csv_row_with_meta(
    scan: &Scan,
    audit: &Audit,
    patient: Option<&str>,
    date: Option<&str>,
) -> Vec<String> {
    let f = &scan.facts;
    let p = &f.procedure;
    let c = &f.clinical;
    let anesthetic = p
        .injectates
        .iter()
        .filter(|i| i.role == Role::Anesthetic)
        .map(|i| match i.concentration_pct {
            Some(pct) => format!("{} {}%", i.drug, num(pct)),
            None => i.drug.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let contrast = match (p.contrast.used, &p.contrast.agent) {
        (Some(true), Some(a)) => format!("yes ({a})"),
        (Some(true), None) => "yes".into(),
        (Some(false), _) => "no".into(),
        (None, _) => String::new(),
    };
    let care = c
        .conservative_care
        .iter()
        .map(|cc| match cc.weeks {
            Some(w) => format!("{} {w}w", enum_str(&cc.modality)),
            None => enum_str(&cc.modality),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let pain = c
        .pain_scores
        .iter()
        .map(|ps| {
            format!(
                "{}/{} {}",
                num(ps.value),
                ps.scale_max,
                enum_str(&ps.timing)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        scan.id.clone(),
        patient.unwrap_or_default().to_string(),
        date.unwrap_or_default().to_string(),
        audit.verdict.as_str().to_string(),
        audit.score.to_string(),
        codes_text_plain(audit),
        audit
            .flags
            .iter()
            .map(|f| f.code)
            .collect::<Vec<_>>()
            .join(" "),
        audit.looks_like.clone().unwrap_or_default(),
        p.performed.to_string(),
        p.approach.map(|a| enum_str(&a)).unwrap_or_default(),
        p.region.map(|r| enum_str(&r)).unwrap_or_default(),
        targets(f),
        p.imaging.map(|i| enum_str(&i)).unwrap_or_default(),
        contrast,
        steroid(f),
        anesthetic,
        p.sedation.map(|s| enum_str(&s)).unwrap_or_default(),
        opt_bool(c.radicular),
        opt_bool(c.axial_only),
        c.objective_support.to_string(),
        care,
        pain,
        c.prior_relief
            .as_ref()
            .and_then(|r| r.percent)
            .map(num)
            .unwrap_or_default(),
        String::new(),
        String::new(),
    ]
}

/// One CSV row for a record that could not be read: the id, `error` as the
/// verdict, and the error's kind and message in the last two columns.
pub fn csv_error_row(id: &str, kind: &str, message: &str) -> Vec<String> {
    let mut row = vec![String::new(); csv_header().len()];
    row[0] = id.to_string();
    row[3] = "error".into();
    let n = row.len();
    row[n - 2] = kind.to_string();
    row[n - 1] = message.to_string();
    row
}

fn codes_text_plain(a: &Audit) -> String {
    a.codes
        .iter()
        .map(|c| {
            let mut s = enum_str(&c.code);
            if let Some(m) = c.modifier {
                s.push('-');
                s.push_str(&enum_str(&m));
            }
            if c.units > 1 {
                let _ = write!(s, " x{}", c.units);
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scanner;

    fn item(id: &str, note: &str) -> ReportItem {
        let scan = Scanner::new().scan(id, note);
        let a = audit::audit(&scan, note, &audit::Policy::default());
        ReportItem::new(note, scan, a)
    }

    /// The page with every tag removed, entities decoded: must equal the
    /// note text plus the chrome (so no note byte is lost or duplicated).
    fn text_div(html: &str) -> &str {
        let s = html.find("<div class=\"text\">").unwrap() + "<div class=\"text\">".len();
        let e = html[s..].find("</div>").unwrap() + s;
        &html[s..e]
    }

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        let mut in_sec = 0;
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("<span class=\"sec\"") {
                in_sec = 1;
            }
            if c == '<' {
                in_tag = true;
                if rest.starts_with("</span>") && in_sec == 1 {
                    in_sec = 0;
                }
            } else if c == '>' {
                in_tag = false;
            } else if !in_tag && in_sec == 0 {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn text_survives_highlighting() {
        let note = "PROCEDURE: Right L5–S1 TFESI under fluoroscopy — 10 mg dexamethasone & <b>1 mL</b> Omnipaque.\nHPI: No radicular pain; axial low back pain only. Pain 7/10. Failed PT for 6 weeks.\n";
        let html = html_report(&[item("n", note)]);
        assert_eq!(strip(text_div(&html)), note);
        assert!(html.contains("cat-level"));
        assert!(html.contains("class=\"sec\" data-section=\"procedure\""));
        // Tags balanced inside the text block.
        let t = text_div(&html);
        assert_eq!(t.matches("<mark").count(), t.matches("</mark>").count());
    }

    #[test]
    fn script_is_escaped() {
        let note = "PROCEDURE: L5-S1 TFESI. <script>window.__pwned=1</script> \"x\" 'y'";
        let html = html_report(&[item("<img src=x onerror=alert(1)>", note)]);
        assert!(!html.contains("<script>window"));
        assert!(!html.contains("<img src=x"));
        assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
        assert_eq!(html.matches("<script>").count(), 1);
    }

    #[test]
    fn csv_row_matches_header() {
        let it = item(
            "n",
            "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.\n\
             PROCEDURE DETAILS: A needle was advanced into the right L5-S1 foramen. 10 mg dexamethasone was injected.\n",
        );
        let row = csv_row(&it.scan, &it.audit);
        assert_eq!(row.len(), csv_header().len());
        assert_eq!(row[0], "n");
        assert!(row[11].contains("L5-S1 right"), "{row:?}");
        assert_eq!(csv_header()[11], "targets");
        assert_eq!(csv_error_row("x", "k", "m").len(), csv_header().len());
    }

    #[test]
    fn odd_spans_never_panic() {
        let mut it = item("n", "Right L5-S1 TFESI é.");
        for m in &mut it.scan.mentions {
            m.span.end += 1; // off the end / inside a char
        }
        let _ = html_report(&[it]);
    }
}
