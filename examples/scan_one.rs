//! Embeds notescan: scans one note (a file given as the first argument, or a
//! built-in sample) and prints its facts as pretty JSON.
//!
//! ```sh
//! cargo run --example scan_one -- examples/notes/tfesi-right-l5.txt
//! ```

use notescan::Scanner;

const SAMPLE: &str = "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.
INDICATIONS: Right leg pain radiating below the knee for 3 months despite 6 weeks of PT and NSAIDs.
DESCRIPTION: The skin was anesthetized with 1% lidocaine. A 22-gauge spinal needle was advanced into the
right L5-S1 foramen. Omnipaque 1 mL outlined the exiting nerve root with no vascular uptake. 10 mg
dexamethasone was injected. Pre-procedure pain 8/10, post-procedure 2/10. No sedation.";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => SAMPLE.to_string(),
    };
    let scanner = Scanner::new();
    let scan = scanner.scan("sample", &text);
    println!("{}", serde_json::to_string_pretty(&scan.facts)?);
    Ok(())
}
