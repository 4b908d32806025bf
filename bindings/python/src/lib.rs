//! Python bindings of notescan: `notescan.Scanner` with `scan`, `scan_many`
//! (GIL released, rayon) and `scan_arrow` (Arrow C data interface via
//! pyo3-arrow). Every record is built by [`ScanRecord::with_audit`], the code
//! path of the CLI's JSON line, so a dict here equals `json.loads` of the
//! CLI's line for the same id and text.
//!
//! Errors are `notescan.ScanError` (a `ValueError`) with `.id` and `.index`
//! attributes; messages name the record, never quote its text.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use notescan::audit::{self, Policy};
use notescan::output::ScanRecord;
use notescan::Scanner as Core;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyList, PyString};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyRecordBatch;

create_exception!(
    notescan,
    ScanError,
    PyValueError,
    "A note could not be scanned (bad input, or an internal failure). \
     `.id` is the record id (or None) and `.index` its position (or None); \
     the message never contains note text."
);

/// A ScanError carrying the record's id and index as attributes.
fn scan_error(py: Python<'_>, msg: String, id: Option<&str>, index: Option<usize>) -> PyErr {
    let err = ScanError::new_err(msg);
    let value = err.value(py);
    let _ = value.setattr("id", id);
    let _ = value.setattr("index", index);
    err
}

/// How a record is named in a message: `record 'n1'` or `record #3`.
fn who(id: Option<&str>, index: Option<usize>) -> String {
    match (id, index) {
        (Some(id), Some(i)) => format!("record {id:?} (#{i})"),
        (Some(id), None) => format!("record {id:?}"),
        (None, Some(i)) => format!("record #{i}"),
        (None, None) => "record".to_string(),
    }
}

/// The Python type name of `obj`, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    if obj.is_none() {
        return "None".into();
    }
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A note's text: a `str`, nothing else (bytes are not decoded implicitly).
fn extract_text(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    id: Option<&str>,
    index: Option<usize>,
) -> PyResult<PyBackedStr> {
    match obj.cast::<PyString>() {
        Ok(s) => PyBackedStr::try_from(s.clone()).map_err(|_| {
            scan_error(
                py,
                format!(
                    "{}: text is not valid Unicode (lone surrogates)",
                    who(id, index)
                ),
                id,
                index,
            )
        }),
        Err(_) => {
            let hint = if obj.is_instance_of::<PyBytes>() {
                " (decode bytes to str first, e.g. b.decode('utf-8', 'replace'))"
            } else {
                ""
            };
            Err(scan_error(
                py,
                format!(
                    "{}: text must be str, got {}{hint}",
                    who(id, index),
                    type_name(obj)
                ),
                id,
                index,
            ))
        }
    }
}

/// An id: a `str`, or an `int` written as decimal (as the CLI does for JSONL).
fn extract_id(py: Python<'_>, obj: &Bound<'_, PyAny>, index: Option<usize>) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if obj.is_instance_of::<pyo3::types::PyInt>() {
        return Ok(obj.str()?.to_cow()?.into_owned());
    }
    Err(scan_error(
        py,
        format!(
            "{}: id must be str or int, got {}",
            who(None, index),
            type_name(obj)
        ),
        None,
        index,
    ))
}

/// One scanned row of `scan_arrow`.
#[derive(Default)]
struct Row {
    score: Option<i32>,
    verdict: Option<&'static str>,
    codes: Option<String>,
    flags: Option<Vec<&'static str>>,
    facts: Option<String>,
    error: Option<String>,
}

/// Scans, audits and reads TEXT.
///
/// Scanner(lexicons=None, policy=None)
///   lexicons: directory of lexicon files overriding the embedded ones (as the
///             CLI's --lexicons), or None for the embedded lexicons.
///   policy:   a built-in policy name (medicare-l39240, evicore-cmm200,
///             aetna-cpb0722) or a policy file path; None = medicare-l39240
///             (the CLI's default).
#[pyclass(module = "notescan", frozen)]
struct Scanner {
    core: Core,
    policy: Policy,
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl Scanner {
    /// The CLI's JSON line for one note (without the newline).
    fn line(&self, id: &str, text: &str) -> Result<String, String> {
        catch_unwind(AssertUnwindSafe(|| {
            let scan = self.core.scan(id, text);
            let record =
                ScanRecord::new(&scan, text, self.core.lexicons()).with_audit(Some(&self.policy));
            let mut line = Vec::with_capacity(16 * 1024);
            record.write_json(&mut line).map_err(|e| e.to_string())?;
            String::from_utf8(line).map_err(|e| e.to_string())
        }))
        .unwrap_or_else(|_| Err("internal error (panic) while scanning".into()))
    }

    fn row(&self, id: &str, text: &str) -> Row {
        catch_unwind(AssertUnwindSafe(|| {
            let scan = self.core.scan(id, text);
            let a = audit::audit(&scan, text, &self.policy);
            Row {
                score: Some(a.score as i32),
                verdict: Some(a.verdict.as_str()),
                codes: Some(serde_json::to_string(&a.codes).unwrap_or_else(|_| "[]".into())),
                flags: Some(a.flags.iter().map(|f| f.code).collect()),
                facts: Some(serde_json::to_string(&scan.facts).unwrap_or_else(|_| "{}".into())),
                error: None,
            }
        }))
        .unwrap_or_else(|_| Row {
            error: Some("internal error (panic) while scanning".into()),
            ..Row::default()
        })
    }

    /// Runs `f` on a pool of `threads` threads (cached), or on rayon's global pool.
    fn run<T: Send>(&self, threads: Option<usize>, f: impl FnOnce() -> T + Send) -> T {
        match threads {
            None | Some(0) => f(),
            Some(n) => {
                let pool = {
                    let mut pools = self.pools.lock().unwrap_or_else(|e| e.into_inner());
                    match pools.get(&n) {
                        Some(p) => Some(p.clone()),
                        None => match rayon::ThreadPoolBuilder::new().num_threads(n).build() {
                            Ok(p) => {
                                let p = Arc::new(p);
                                pools.insert(n, p.clone());
                                Some(p)
                            }
                            Err(_) => None,
                        },
                    }
                };
                match pool {
                    Some(p) => p.install(f),
                    None => f(),
                }
            }
        }
    }
}

fn out_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, true),
        Field::new("score", DataType::Int32, true),
        Field::new("verdict", DataType::Utf8, true),
        Field::new("codes", DataType::Utf8, true),
        Field::new(
            "flags",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            true,
        ),
        Field::new("facts", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]))
}

fn is_text_type(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => is_text_type(v),
        _ => false,
    }
}

#[pymethods]
impl Scanner {
    #[new]
    #[pyo3(signature = (lexicons=None, policy=None))]
    fn new(py: Python<'_>, lexicons: Option<PathBuf>, policy: Option<String>) -> PyResult<Self> {
        let core = match &lexicons {
            None => Core::new(),
            Some(dir) => Core::from_lexicon_dir(dir)
                .map_err(|e| scan_error(py, format!("lexicons: {e}"), None, None))?,
        };
        let policy = match &policy {
            None => Policy::default(),
            Some(p) => Policy::resolve(p)
                .map_err(|e| scan_error(py, format!("policy: {e}"), None, None))?,
        };
        Ok(Scanner {
            core,
            policy,
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// The name of the audit policy applied.
    #[getter]
    fn policy(&self) -> String {
        self.policy.name.clone()
    }

    fn __repr__(&self) -> String {
        format!("notescan.Scanner(policy={:?})", self.policy.name)
    }

    /// scan(text, id=None) -> dict
    ///
    /// The record of one note: the same JSON object as the CLI's line
    /// (`id`, `facts`, `sections`, `mentions`, `audit`). id None is "".
    #[pyo3(signature = (text, id=None))]
    fn scan<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let line = self.scan_json(py, text, id)?;
        let loads = py.import("json")?.getattr("loads")?;
        loads.call1((line,))
    }

    /// scan_json(text, id=None) -> str
    ///
    /// The CLI's JSON line for one note, byte for byte (without the newline).
    #[pyo3(signature = (text, id=None))]
    fn scan_json<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<String> {
        let id = match id {
            None => None,
            Some(o) if o.is_none() => None,
            Some(o) => Some(extract_id(py, o, None)?),
        };
        let text = extract_text(py, text, id.as_deref(), None)?;
        let id_str = id.clone().unwrap_or_default();
        py.detach(|| self.line(&id_str, &text)).map_err(|e| {
            scan_error(
                py,
                format!("{}: {e}", who(id.as_deref(), None)),
                id.as_deref(),
                None,
            )
        })
    }

    /// scan_many(texts, ids=None, threads=None) -> list[dict]
    ///
    /// Scans every note with the GIL released, in parallel on rayon (all
    /// cores, or `threads`). ids default to the position ("0", "1", ...).
    /// A non-str text raises ScanError naming its id and index before any
    /// note is scanned.
    #[pyo3(signature = (texts, ids=None, threads=None))]
    fn scan_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
            return Err(scan_error(
                py,
                "scan_many takes a list of texts, not one text (use scan())".into(),
                None,
                None,
            ));
        }
        let ids: Option<Vec<String>> = match ids {
            None => None,
            Some(o) if o.is_none() => None,
            Some(o) => {
                let mut v = Vec::new();
                for (i, x) in o.try_iter()?.enumerate() {
                    v.push(extract_id(py, &x?, Some(i))?);
                }
                Some(v)
            }
        };
        let mut notes: Vec<(String, PyBackedStr)> = Vec::new();
        for (i, x) in texts.try_iter()?.enumerate() {
            let x = x?;
            let id = match &ids {
                Some(ids) => match ids.get(i) {
                    Some(id) => id.clone(),
                    None => {
                        return Err(scan_error(
                            py,
                            format!("ids has {} entries but texts has more", ids.len()),
                            None,
                            Some(i),
                        ))
                    }
                },
                None => i.to_string(),
            };
            let text = extract_text(py, &x, Some(&id), Some(i))?;
            notes.push((id, text));
        }
        if let Some(ids) = &ids {
            if ids.len() != notes.len() {
                return Err(scan_error(
                    py,
                    format!(
                        "ids has {} entries but texts has {}",
                        ids.len(),
                        notes.len()
                    ),
                    None,
                    None,
                ));
            }
        }
        let lines: Vec<Result<String, String>> = py.detach(|| {
            self.run(threads, || {
                use rayon::prelude::*;
                notes
                    .par_iter()
                    .map(|(id, text)| self.line(id, text))
                    .collect()
            })
        });
        let loads = py.import("json")?.getattr("loads")?;
        let out = PyList::empty(py);
        for (i, (line, (id, _))) in lines.into_iter().zip(&notes).enumerate() {
            match line {
                Ok(line) => out.append(loads.call1((line,))?)?,
                Err(e) => {
                    return Err(scan_error(
                        py,
                        format!("{}: {e}", who(Some(id), Some(i))),
                        Some(id),
                        Some(i),
                    ))
                }
            }
        }
        Ok(out)
    }

    /// scan_arrow(table_or_batch, text_column="text", id_column="id", threads=None)
    ///     -> pyarrow.RecordBatch
    ///
    /// Takes any Arrow object with __arrow_c_array__ or __arrow_c_stream__
    /// (pyarrow RecordBatch, Table, RecordBatchReader, polars, ...) and returns
    /// one RecordBatch with a row per input row, in order:
    /// id (str), score (int32), verdict (str), codes (JSON str), flags
    /// (list<str> of rule codes), facts (JSON str), error (str).
    /// A row whose text or id is null gets null results and an `error`;
    /// every row is returned. id_column=None numbers the rows ("0", "1", ...).
    #[pyo3(signature = (table_or_batch, text_column="text", id_column=Some("id"), threads=None))]
    fn scan_arrow<'py>(
        &self,
        py: Python<'py>,
        table_or_batch: &Bound<'py, PyAny>,
        text_column: &str,
        id_column: Option<&str>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input: AnyRecordBatch = table_or_batch.extract().map_err(|_| {
            scan_error(
                py,
                format!(
                    "scan_arrow takes an Arrow table or record batch (an object with \
                     __arrow_c_array__ or __arrow_c_stream__), got {}",
                    type_name(table_or_batch)
                ),
                None,
                None,
            )
        })?;
        let schema = input.schema()?;
        let text_idx = schema.index_of(text_column).map_err(|_| {
            scan_error(
                py,
                format!("no column {text_column:?} in the input"),
                None,
                None,
            )
        })?;
        let text_type = schema.field(text_idx).data_type().clone();
        if !is_text_type(&text_type) {
            return Err(scan_error(
                py,
                format!("column {text_column:?} must be a string column, got {text_type}"),
                None,
                None,
            ));
        }
        let id_idx = match id_column {
            None => None,
            Some(c) => Some(schema.index_of(c).map_err(|_| {
                scan_error(py, format!("no column {c:?} in the input"), None, None)
            })?),
        };
        let batches: Vec<RecordBatch> = input
            .into_reader()?
            .collect::<Result<_, _>>()
            .map_err(|e| scan_error(py, format!("reading the Arrow input: {e}"), None, None))?;

        let result: Result<RecordBatch, String> = py.detach(|| {
            // Columns as Utf8 (ids of any castable type are written as text).
            let mut texts: Vec<StringArray> = Vec::new();
            let mut ids: Vec<Option<StringArray>> = Vec::new();
            for b in &batches {
                let t = arrow_cast::cast(b.column(text_idx), &DataType::Utf8)
                    .map_err(|e| format!("column {text_column:?}: {e}"))?;
                texts.push(t.as_any().downcast_ref::<StringArray>().unwrap().clone());
                ids.push(match id_idx {
                    None => None,
                    Some(j) => {
                        let c = arrow_cast::cast(b.column(j), &DataType::Utf8)
                            .map_err(|e| format!("id column: {e}"))?;
                        Some(c.as_any().downcast_ref::<StringArray>().unwrap().clone())
                    }
                });
            }
            let mut keys: Vec<(usize, usize, Option<String>)> = Vec::new(); // batch, row, id
            let mut n = 0usize;
            for (bi, t) in texts.iter().enumerate() {
                for r in 0..t.len() {
                    let id = match &ids[bi] {
                        None => Some(n.to_string()),
                        Some(c) if c.is_null(r) => None,
                        Some(c) => Some(c.value(r).to_string()),
                    };
                    keys.push((bi, r, id));
                    n += 1;
                }
            }
            let rows: Vec<Row> = self.run(threads, || {
                use rayon::prelude::*;
                keys.par_iter()
                    .map(|(bi, r, id)| {
                        let t = &texts[*bi];
                        match id {
                            None => Row {
                                error: Some(format!("row {n}: id is null", n = r)),
                                ..Row::default()
                            },
                            Some(_) if t.is_null(*r) => Row {
                                error: Some("text is null".into()),
                                ..Row::default()
                            },
                            Some(id) => self.row(id, t.value(*r)),
                        }
                    })
                    .collect()
            });
            let mut id_b = StringBuilder::new();
            let mut score_b = Int32Builder::new();
            let mut verdict_b = StringBuilder::new();
            let mut codes_b = StringBuilder::new();
            let mut flags_b = ListBuilder::new(StringBuilder::new());
            let mut facts_b = StringBuilder::new();
            let mut error_b = StringBuilder::new();
            for ((_, _, id), row) in keys.iter().zip(&rows) {
                id_b.append_option(id.as_deref());
                score_b.append_option(row.score);
                verdict_b.append_option(row.verdict);
                codes_b.append_option(row.codes.as_deref());
                match &row.flags {
                    Some(f) => {
                        for c in f {
                            flags_b.values().append_value(c);
                        }
                        flags_b.append(true);
                    }
                    None => flags_b.append(false),
                }
                facts_b.append_option(row.facts.as_deref());
                error_b.append_option(row.error.as_deref());
            }
            let columns: Vec<ArrayRef> = vec![
                Arc::new(id_b.finish()),
                Arc::new(score_b.finish()),
                Arc::new(verdict_b.finish()),
                Arc::new(codes_b.finish()),
                Arc::new(flags_b.finish()),
                Arc::new(facts_b.finish()),
                Arc::new(error_b.finish()),
            ];
            RecordBatch::try_new(out_schema(), columns).map_err(|e| e.to_string())
        });
        let batch = result.map_err(|e| scan_error(py, e, None, None))?;
        PyRecordBatch::new(batch).into_pyarrow(py)
    }

    /// The output schema of scan_arrow, as a pyarrow.Schema.
    #[staticmethod]
    fn arrow_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        pyo3_arrow::PySchema::new(out_schema()).into_pyarrow(py)
    }
}

/// notescan's native module (import `notescan`).
#[pymodule]
fn _notescan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Scanner>()?;
    m.add("ScanError", m.py().get_type::<ScanError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
