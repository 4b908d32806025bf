//! Closed vocabularies of the scanner's own concepts (beyond the contract's):
//! section names, context categories and the cue kinds lexicon rows name.
//!
//! Each enum parses from the lower-case name used in `lexicons/*.tsv` and
//! prints back to it, so data files and JSON output share one spelling.

macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(missing_docs)]
        pub enum $name { $($var),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The data-file / JSON spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// Parses the data-file spelling.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }

            /// The accepted spellings, comma-separated, for error messages.
            pub fn expected() -> String {
                [$($s),+].join(", ")
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocab;

vocab! {
    /// Canonical section names.
    SectionName {
        ChiefComplaint = "chief_complaint",
        HistoryOfPresentIllness = "history_of_present_illness",
        PastHistory = "past_history",
        FamilyHistory = "family_history",
        SocialHistory = "social_history",
        Medications = "medications",
        Allergies = "allergies",
        ReviewOfSystems = "review_of_systems",
        PhysicalExam = "physical_exam",
        Imaging = "imaging",
        Assessment = "assessment",
        Plan = "plan",
        AssessmentPlan = "assessment_plan",
        Indications = "indications",
        PreoperativeDiagnosis = "preoperative_diagnosis",
        PostoperativeDiagnosis = "postoperative_diagnosis",
        Procedure = "procedure",
        ProcedureDetails = "procedure_details",
        Findings = "findings",
        Complications = "complications",
        Disposition = "disposition",
        Consent = "consent",
        Anesthesia = "anesthesia",
        Other = "other",
    }
}

vocab! {
    /// What a context trigger asserts about the mentions in its scope.
    Assertion {
        Negated = "negated",
        Hypothetical = "hypothetical",
        Historical = "historical",
        Family = "family",
        Planned = "planned",
        Terminate = "terminate",
        Pseudo = "pseudo",
    }
}

vocab! {
    /// Which way a context trigger's scope runs.
    Direction {
        Forward = "forward",
        Backward = "backward",
        Bidirectional = "bidirectional",
        Terminate = "terminate",
        Pseudo = "pseudo",
    }
}

vocab! {
    /// Contrast-related term kinds (`contrast.tsv`).
    ContrastKind {
        Contrast = "contrast",
        Agent = "agent",
        Spread = "spread",
        SpreadVerb = "spread_verb",
        SpreadSite = "spread_site",
        Vascular = "vascular",
        Allergy = "allergy",
        WithholdReason = "withhold_reason",
    }
}

vocab! {
    /// Sedation term kinds (`sedation.tsv`): a level, the bare word, or explicit none.
    SedationKind {
        None = "none",
        Moderate = "moderate",
        Mac = "mac",
        General = "general",
        Generic = "sedation",
    }
}

vocab! {
    /// Radicular/axial wording kinds (`radicular.tsv`).
    RadicularKind {
        Radicular = "radicular",
        Axial = "axial",
        NoRadiation = "no_radiation",
        Radiation = "radiation",
        Limb = "limb",
        Proximal = "proximal",
    }
}

vocab! {
    /// Objective-support kinds (`objective.tsv`).
    ObjectiveKind {
        ImagingFinding = "imaging_finding",
        ExamFinding = "exam_finding",
    }
}

vocab! {
    /// Side term kinds (`sides.tsv`).
    SideKind {
        Left = "left",
        Right = "right",
        Bilateral = "bilateral",
        Pseudo = "pseudo",
    }
}

vocab! {
    /// Cue kinds (`cues.tsv`): words that steer assembly rather than carry a fact.
    Cue {
        Performed = "performed",
        Target = "target",
        Skin = "skin",
        Pre = "pre",
        Post = "post",
        PriorInjection = "prior_injection",
        Injection = "injection",
        Relief = "relief",
        NoRelief = "no_relief",
        FunctionScale = "function_scale",
        Symptom = "symptom",
        Total = "total",
        Flush = "flush",
        ImagingStudy = "imaging_study",
        SeparateImagingCode = "separate_imaging_code",
        Justification = "justification",
        Continue = "continue",
        Today = "today",
        Tried = "tried",
    }
}
