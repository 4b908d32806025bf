//! NS4xx, injectate, dose and sedation.

use super::ctx::{is_cue, Ctx, Hit, PROCEDURE_SECTIONS, TECHNIQUE};
use crate::facts::{Role, Sedation};
use crate::mention::{Assertions, MentionKind, Unit};
use crate::vocab::Cue;

pub(crate) const DOSE_MISSING: &str = r#"
## What it checks
Fires on a procedure note when the checklist item `injectate_and_dose` is false: no drug
injected at the target is documented, or every drug named lacks a dose (mg) and a volume
(mL). The skin-wheal anesthetic, contrast and saline used for loss of resistance or
flushing are not injectates. An unfilled template field ("Dexamethasone ___ mg") states
nothing.

## Why it matters
LCD L39240's documentation list includes the injectate, and drug-level audits compare the
drug and dose with the claim (the steroid, and any J-code billed for it, must match the
note). The LCD also expects the "lowest effective" steroid dose, which a reviewer cannot
judge without one.

## Example
"Dexamethasone was injected at the right L5-S1 foramen." or "Injectate: ***".

## Passing wording
"Dexamethasone sodium phosphate 10 mg (1 mL of 10 mg/mL) and 1 mL of 1% lidocaine,
preservative-free, were injected at the right L5-S1 foramen."
"#;

/// NS401.
pub(crate) fn dose_missing(cx: &Ctx) -> Option<Hit> {
    if !cx.performed() || cx.facts().checklist.injectate_and_dose != Some(false) {
        return None;
    }
    let inj = &cx.facts().procedure.injectates;
    let spans = cx.evidence("procedure.injectates");
    let message = if inj.is_empty() {
        "no injected drug documented (steroid or anesthetic at the target)".to_string()
    } else {
        let names: Vec<&str> = inj.iter().map(|i| i.drug.as_str()).collect();
        format!(
            "{} named without a dose (mg) or volume (mL)",
            names.join(", ")
        )
    };
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const ABOVE_CEILING: &str = r#"
## What it checks
Fires on a procedure note when a steroid's documented dose is above the policy's
per-session ceiling (`[steroid_ceiling_mg]`; Medicare profile: triamcinolone 80 mg,
methylprednisolone 80 mg, betamethasone 12 mg, dexamethasone 15 mg). The dose is the
total the note states, else the per-level dose as written first, so a multi-level dose
written per level may be under-counted. A warning: the ceilings come from an audit rubric
built on L39240/A58993 and are not verified LCD text.

## Why it matters
LCD L39240 expects the lowest effective steroid dose, and reviewers using the L39240 /
A58993 rubric flag doses above these ceilings for medical review. High particulate doses
also carry the embolic risk the 2015 multisociety safeguards address.

## Example
"Triamcinolone 120 mg was injected at the right L5-S1 foramen."

## Passing wording
"Dexamethasone 10 mg was injected at the right L5-S1 foramen."
"#;

/// NS402.
pub(crate) fn above_ceiling(cx: &Ctx) -> Option<Hit> {
    if !cx.performed() {
        return None;
    }
    let mut over = Vec::new();
    let mut spans = Vec::new();
    for i in &cx.facts().procedure.injectates {
        if i.role != Role::Steroid {
            continue;
        }
        let (Some(dose), Some(ceiling)) = (i.dose_mg, cx.policy.steroid_ceiling_mg.get(&i.drug))
        else {
            continue;
        };
        if dose > *ceiling {
            over.push(format!("{} {} mg (ceiling {} mg)", i.drug, dose, ceiling));
            for m in &cx.scan.mentions {
                if let MentionKind::Quantity {
                    value,
                    unit: Unit::Mg,
                } = m.kind
                {
                    if (value - dose).abs() < 1e-9
                        && PROCEDURE_SECTIONS.contains(&cx.section_name(m))
                    {
                        spans.push(m.span);
                    }
                }
            }
        }
    }
    if over.is_empty() {
        return None;
    }
    if spans.is_empty() {
        spans = cx.evidence("procedure.injectates");
    }
    let message = format!(
        "steroid dose above the {} ceiling: {}",
        cx.policy.name,
        over.join(", ")
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const SEDATION: &str = r#"
## What it checks
Fires on a procedure note whose sedation is moderate (conscious sedation, IV midazolam or
fentanyl), MAC (monitored anesthesia care, propofol) or general anesthesia, when the note
states no reason for it (no justification cue such as "anxiety", "claustrophobia",
"vasovagal", "unable to tolerate"). Local anesthesia only, "no sedation" or an oral
anxiolytic do not fire.

## Why it matters
LCD L39240, as quoted: "The use of Moderate or Deep Sedation, General Anesthesia, and
Monitored Anesthesia Care (MAC) is usually unnecessary or rarely indicated for these
procedures and therefore not considered medically reasonable and necessary. Even in
patients with a needle phobia and anxiety, typically oral anxiolytics suffice. In
exceptional and unique cases, documentation must clearly establish the need." CGS
(12/10/2025) states that billing moderate/deep sedation, GA or MAC with a pain procedure
other than RFA will result in a claim denial. The sedation line is denied, and routine
sedation invites review of the whole claim.

## Example
"Moderate sedation was provided with midazolam 2 mg IV and fentanyl 50 mcg IV."

## Passing wording
"Local anesthesia only; no sedation." or "Midazolam 2 mg IV was given because of severe
claustrophobia and a vasovagal reaction at the previous injection despite oral diazepam."
"#;

/// NS403.
pub(crate) fn sedation(cx: &Ctx) -> Option<Hit> {
    let s = cx.facts().procedure.sedation;
    if !cx.performed()
        || !matches!(
            s,
            Some(Sedation::Moderate | Sedation::Mac | Sedation::General)
        )
    {
        return None;
    }
    let justified = cx.scan.mentions.iter().any(|m| {
        is_cue(m, Cue::Justification)
            && !m.assertions.has(Assertions::NEGATED)
            && !m.assertions.has(Assertions::FAMILY)
    });
    if justified {
        return None;
    }
    let level = match s {
        Some(Sedation::Moderate) => "moderate sedation",
        Some(Sedation::Mac) => "monitored anesthesia care",
        _ => "general anesthesia",
    };
    let spans = cx.evidence("procedure.sedation");
    let message = format!(
        "{level} documented ({}) with no stated reason; LCD L39240 treats it as rarely necessary",
        cx.quote(&spans)
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const ANESTHETIC_ONLY: &str = r#"
## What it checks
Fires on a procedure note whose injectates are all local anesthetics (lidocaine,
bupivacaine, ropivacaine), with no steroid: a diagnostic selective nerve root block rather
than a therapeutic epidural steroid injection. Information only; it deducts nothing.

## Why it matters
The billing articles (A58993 and siblings) have the **KX modifier** identify a diagnostic
selective nerve root block billed with 64479-64484. Without KX the claim reads as a steroid
injection and the steroid criteria (and frequency limits) are applied to it.

## Example
"1 mL of 0.5% bupivacaine was injected at the right L5 foramen; pain fell from 8/10 to
1/10 (diagnostic block)."

## Passing wording
"Dexamethasone 10 mg and 1 mL of 0.25% bupivacaine were injected." (therapeutic), or a
diagnostic block billed with KX.
"#;

/// NS404.
pub(crate) fn anesthetic_only(cx: &Ctx) -> Option<Hit> {
    let inj = &cx.facts().procedure.injectates;
    if !cx.performed() || inj.is_empty() || !inj.iter().all(|i| i.role == Role::Anesthetic) {
        return None;
    }
    let names: Vec<&str> = inj.iter().map(|i| i.drug.as_str()).collect();
    let spans = cx.evidence("procedure.injectates");
    let message = format!(
        "only local anesthetic injected ({}): a diagnostic nerve root block, billed with KX",
        names.join(", ")
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}
