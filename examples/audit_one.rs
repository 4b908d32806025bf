//! Audits notes: each file given as an argument (or a built-in sample) is
//! scanned and audited, and its `audit` object printed as pretty JSON.
//!
//! ```sh
//! cargo run --example audit_one -- note.txt [--policy evicore-cmm200]
//! ```

use notescan::{audit, Scanner};

const SAMPLE: &str = "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.
INDICATIONS: Right leg pain radiating below the knee for 3 months despite 6 weeks of PT and NSAIDs.
DESCRIPTION: The skin was anesthetized with 1% lidocaine. A 22-gauge spinal needle was advanced into the
right L5-S1 foramen. Omnipaque 1 mL outlined the exiting nerve root with no vascular uptake. 10 mg
dexamethasone was injected. Pre-procedure pain 8/10, post-procedure 2/10. No sedation.";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut policy = audit::Policy::default();
    if let Some(i) = args.iter().position(|a| a == "--policy") {
        let name = args.get(i + 1).cloned().unwrap_or_default();
        policy = audit::Policy::resolve(&name)?;
        args.drain(i..(i + 2).min(args.len()));
    }
    let scanner = Scanner::new();
    let notes: Vec<(String, String)> = if args.is_empty() {
        vec![("sample".into(), SAMPLE.into())]
    } else {
        args.iter()
            .map(|p| Ok((p.clone(), std::fs::read_to_string(p)?)))
            .collect::<Result<_, std::io::Error>>()?
    };
    for (id, text) in notes {
        let scan = scanner.scan(&id, &text);
        let a = audit::audit(&scan, &text, &policy);
        let v = serde_json::json!({"id": id, "audit": audit::audit_json(&a, &text)});
        println!("{}", serde_json::to_string_pretty(&v)?);
    }
    Ok(())
}
