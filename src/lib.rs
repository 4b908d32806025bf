//! notescan reads free-text spine procedure and clinic notes and tells how
//! well each backs CPT 64483 (lumbar/sacral transforaminal epidural steroid
//! injection, with imaging guidance; add-on 64484 per extra level).
//!
//! # Overview
//! - [`Scanner`]: built once from [`Lexicons`], then [`Scanner::scan`] per note.
//! - [`Scan`]: the note's sections, every mention with its byte [`Span`] and
//!   context, the contract [`Facts`], and the evidence behind each fact.
//! - [`Facts`]: the JSON contract shared by scans and gold files.
//! - [`audit`]: the 64483 audit: checklist under a payer policy, a 0–100
//!   score, a verdict, and coded rules (`NS101`…) that explain each gap.
//!
//! # Example: scan one note
//! ```
//! use notescan::{Scanner, facts::Side};
//! let scanner = Scanner::new();
//! let note = "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection \
//!             under fluoroscopic guidance. 10 mg dexamethasone was injected.";
//! let scan = scanner.scan("n1", note);
//! let target = scan.facts.procedure.targets[0];
//! assert_eq!(target.level.unwrap().to_string(), "L5-S1");
//! assert_eq!(target.side, Some(Side::Right));
//! for m in &scan.mentions {
//!     assert_eq!(&note[m.span], m.text(note));
//! }
//! ```
//!
//! # Rules as data
//! Every term list, header variant, context trigger and pattern lives in
//! `lexicons/` as a tab-separated file, embedded in the binary as the
//! default and overridable from a directory ([`Lexicons::from_dir`]). A
//! malformed line is a [`LexiconError`] naming the file and line.
//!
//! # Fallibility
//! Building from the embedded lexicons cannot fail; loading user lexicons can.
//! [`Scanner::scan`] never fails and never panics on any `&str`.
#![deny(missing_docs)]

mod assemble;
pub mod audit;
mod context;
pub mod eval;
pub mod facts;
pub mod io;
pub mod level;
pub mod lexicon;
pub mod mention;
pub mod output;
mod patterns;
pub mod report;
pub mod scanner;
pub mod sections;
mod segments;
pub mod span;
mod terms;
pub mod vocab;

pub use facts::Facts;
pub use level::Level;
pub use lexicon::{LexiconError, Lexicons};
pub use mention::Mention;
pub use scanner::{Evidence, Scan, Scanner};
pub use sections::Section;
pub use span::Span;

/// The README's examples run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
