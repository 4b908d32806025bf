//! NS3xx, imaging guidance and contrast.

use super::ctx::{Ctx, Hit, TECHNIQUE};
use crate::facts::Imaging;

pub(crate) const NO_GUIDANCE: &str = r#"
## What it checks
Fires on a procedure note (`performed` true) that documents no imaging guidance:
`procedure.imaging` is null (no "fluoroscopy", "fluoroscopic guidance", "C-arm", "AP and
lateral views", "CT-guided"...). Ultrasound guidance is NS302.

## Why it matters
The 64483 descriptor includes imaging guidance (fluoroscopy or CT), and LCD L39240 states
that an epidural steroid injection without image guidance is not reasonable and necessary.
A58993 describes 64479-64484 as "single level with image guidance". A note that does not
say how the needle was guided does not support the code at all.

## Example
"A 22-gauge spinal needle was advanced into the right L5-S1 foramen and 10 mg of
dexamethasone was injected."

## Passing wording
"Under intermittent fluoroscopic guidance (AP and oblique views) a 22-gauge spinal needle
was advanced into the right L5-S1 foramen; final position confirmed on the lateral view."
"#;

/// NS301.
pub(crate) fn no_guidance(cx: &Ctx) -> Option<Hit> {
    if !cx.performed() || cx.facts().procedure.imaging.is_some() {
        return None;
    }
    Some(Hit::missing(
        cx,
        "no fluoroscopic or CT guidance documented; 64483 includes image guidance and LCD L39240 does not cover unguided injections".into(),
        TECHNIQUE,
    ))
}

pub(crate) const ULTRASOUND: &str = r#"
## What it checks
Fires on a procedure note whose guidance modality is ultrasound (`procedure.imaging` is
`ultrasound`) with no fluoroscopy or CT.

## Why it matters
64483/64484 describe fluoroscopic or CT guidance. A transforaminal injection under
ultrasound has its own Category III codes (0228T-0231T), and LCD L39240 lists ultrasound
guidance among its exclusions; eviCore CMM-200 and UHC treat it as unproven. Billing 64483
for an ultrasound-guided injection is a coding error and a denial.

## Example
"Under ultrasound guidance the needle was advanced to the right L5 foramen."

## Passing wording
"Under fluoroscopic guidance the needle was advanced to the right L5-S1 foramen."
"#;

/// NS302.
pub(crate) fn ultrasound(cx: &Ctx) -> Option<Hit> {
    if !cx.performed() || cx.facts().procedure.imaging != Some(Imaging::Ultrasound) {
        return None;
    }
    let spans = cx.evidence("procedure.imaging");
    let message = format!(
        "guidance documented as ultrasound ({}): 64483 needs fluoroscopy or CT; ultrasound-guided TFESI is 0228T-0231T",
        cx.quote(&spans)
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const CONTRAST: &str = r#"
## What it checks
Fires on a procedure note when the checklist item `contrast_or_reason` is false:
- contrast was injected but neither epidural spread (along the nerve root, into the
  epidural space) nor the absence of vascular uptake is documented ("negative aspiration"
  is not evidence about vascular uptake); or
- contrast was not used and no reason is stated (contrast allergy, renal insufficiency,
  pregnancy); or
- the note says nothing about contrast at all.

## Why it matters
LCD L39240 requires the injection under fluoroscopy or CT **with contrast** unless contrast
is contraindicated (documented allergy to low-molecular-weight nonionic contrast, or
pregnancy); the initial contrast injection confirms epidural placement and excludes a
vascular pattern. The billing articles expect retained images documenting needle position
and contrast flow. eviCore CMM-200 requires contrast too.

## Example
"Omnipaque was injected. 10 mg dexamethasone was then injected." (no spread, no vascular
check) or no mention of contrast.

## Passing wording
"Omnipaque 240, 1 mL, outlined the exiting right L5 nerve root with epidural spread and no
vascular uptake on live fluoroscopy." or "Contrast was not used because of a documented
anaphylactic reaction to iodinated contrast."
"#;

/// NS303.
pub(crate) fn contrast(cx: &Ctx) -> Option<Hit> {
    if !cx.performed() || cx.facts().checklist.contrast_or_reason != Some(false) {
        return None;
    }
    let c = &cx.facts().procedure.contrast;
    let message = match c.used {
        Some(true) => "contrast injected but neither epidural spread nor absence of vascular uptake documented".to_string(),
        Some(false) => "contrast not used and no reason (contrast allergy, renal insufficiency, pregnancy) stated".to_string(),
        None => "contrast neither documented nor withheld with a reason".to_string(),
    };
    let mut spans = cx.evidence("procedure.contrast.used");
    spans.extend(cx.evidence("procedure.contrast.agent"));
    spans.extend(cx.evidence("procedure.contrast.vascular_uptake"));
    spans.extend(cx.evidence("procedure.contrast.epidural_spread"));
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}
