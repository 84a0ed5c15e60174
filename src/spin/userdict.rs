//! Reading a user's own `spun -> original` pairs (`copydesk unspin --dictionary FILE`).
//!
//! Two formats are accepted, told apart by content (not by name):
//! - the format of `dictionaries/signatures.tsv`: `spun<TAB>original` a line, `#` comments and
//!   blank lines ignored;
//! - the Problematic Paper Screener's CSV export: `tortured phrase,expected phrase,number of
//!   papers` with a header row and RFC 4180 quoting. The tortured phrase is a Dimensions search:
//!   usually one exact phrase in double quotes (`"profound learning"`), which is that phrase;
//!   some rows are queries rather than phrases (`AND`, `OR`, `NOT`, `~N` proximity, `*`
//!   wildcards, parentheses outside the quotes), which cannot be matched literally, so they are
//!   counted and skipped, and the caller reports the count. The expected phrase is often
//!   annotated: a final parenthesis (an acronym, `deep learning (DL)`) is dropped; a row whose
//!   expected phrase is still not plain text after that (`(?)`, `???`, alternatives with `/`,
//!   brackets, quotes) is counted apart and skipped, since its text cannot replace the phrase.
//!
//! Malformed rows are returned with their 1-based line number so the caller can print
//! `copydesk: FILE:LINE: message` and go on with the rest.

/// One usable pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPair {
    pub spun: String,
    pub original: String,
    pub line: usize,
}

/// A row that could not be used, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

/// The result of reading one dictionary file.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParsedDictionary {
    pub pairs: Vec<UserPair>,
    pub problems: Vec<RowProblem>,
    /// PPS rows that are search queries (AND / OR / NOT / ~N / * / parentheses), skipped.
    pub query_rows: usize,
    /// PPS rows whose expected phrase is uncertain or not plain text (`?`, `/`, brackets),
    /// skipped.
    pub unclear_rows: usize,
    /// True when the file was read as a PPS CSV export.
    pub csv: bool,
}

/// Parses a user dictionary, detecting its format.
pub fn parse_dictionary(text: &str) -> ParsedDictionary {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if !first.contains('\t') && first.contains(',') {
        parse_pps_csv(text)
    } else {
        parse_tsv(text)
    }
}

/// Columns of a table `scan --learn` writes (`spun`, `original`, `count`, `score`, `rate`,
/// `seen`); only the first two are read here (`farm_restore::parse_learned` reads the rest).
use super::farm_restore::LEARNED_COLUMNS;

fn parse_tsv(text: &str) -> ParsedDictionary {
    let mut out = ParsedDictionary::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let row = raw.trim_end_matches('\r');
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        match fields.as_slice() {
            [spun, original, ..]
                if fields.len() <= LEARNED_COLUMNS
                    && !spun.trim().is_empty()
                    && !original.trim().is_empty() =>
            {
                out.pairs.push(UserPair {
                    spun: spun.trim().to_string(),
                    original: original.trim().to_string(),
                    line,
                })
            }
            [_] => out.problems.push(RowProblem {
                line,
                message: "expected `spun<TAB>original`, found no TAB".into(),
            }),
            [_, _, ..] if fields.len() <= LEARNED_COLUMNS => out.problems.push(RowProblem {
                line,
                message: "empty spun or original phrase".into(),
            }),
            _ => out.problems.push(RowProblem {
                line,
                message: format!(
                    "expected 2 to {LEARNED_COLUMNS} TAB-separated fields, found {}",
                    fields.len()
                ),
            }),
        }
    }
    out
}

fn parse_pps_csv(text: &str) -> ParsedDictionary {
    let mut out = ParsedDictionary {
        csv: true,
        ..Default::default()
    };
    let mut first_row = true;
    for (line, fields) in csv_records(text) {
        let fields = match fields {
            Ok(f) => f,
            Err(message) => {
                out.problems.push(RowProblem { line, message });
                continue;
            }
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if std::mem::take(&mut first_row) {
            let head = fields.join(",").to_ascii_lowercase();
            if head.contains("tortured") || head.contains("expected") {
                continue;
            }
        }
        if fields.len() < 2 || fields[0].trim().is_empty() || fields[1].trim().is_empty() {
            out.problems.push(RowProblem {
                line,
                message: "expected `tortured phrase,expected phrase[,papers]`".into(),
            });
            continue;
        }
        let Some(spun) = literal_phrase(&fields[0]) else {
            out.query_rows += 1;
            continue;
        };
        let Some(original) = plain_expected(&fields[1]) else {
            out.unclear_rows += 1;
            continue;
        };
        out.pairs.push(UserPair {
            spun: spun.to_string(),
            original: original.to_string(),
            line,
        });
    }
    out
}

/// The phrase a tortured-phrase search matches, or `None` for a query that is not one phrase.
/// One exact phrase in double quotes is its text (parentheses inside the quotes are part of
/// it); without quotes, the field is the phrase unless it holds an operator.
fn literal_phrase(field: &str) -> Option<&str> {
    let f = field.trim();
    let phrase = match f.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        Some(inner) if !inner.contains('"') => inner.trim(),
        _ if f.contains(['"', '(', ')']) => return None,
        _ => f,
    };
    let proximity = phrase
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'~' && w[1].is_ascii_digit())
        || phrase.ends_with('~');
    let operator = phrase
        .split_whitespace()
        .any(|w| matches!(w, "AND" | "OR" | "NOT" | "NEAR" | "&&" | "||"));
    (!phrase.is_empty() && !phrase.contains('*') && !proximity && !operator).then_some(phrase)
}

/// The text an expected phrase restores: without one pair of surrounding quotes and a final
/// parenthesis (`deep learning (DL)`); `None` when what is left is uncertain or not plain
/// text (`?`, alternatives with `/`, other brackets or quotes, `e.g.`).
fn plain_expected(field: &str) -> Option<&str> {
    let mut f = field.trim();
    if f.contains('?') {
        return None;
    }
    if let Some(inner) = f.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        f = inner.trim();
    }
    if f.ends_with(')')
        && let Some(open) = f.rfind('(')
    {
        f = f[..open].trim_end();
    }
    let unclear =
        f.is_empty() || f.contains(['/', '\\', '(', ')', '[', ']', '"']) || f.contains("e.g.");
    (!unclear).then_some(f)
}

/// Splits CSV text into records (RFC 4180, read by the `csv` crate; rows may have any number
/// of fields): the line where each record starts, and its fields or why it could not be read.
/// A quote left open runs to the end of the file, as spreadsheets read it.
fn csv_records(text: &str) -> Vec<(usize, Result<Vec<String>, String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    // The crate's line numbers do not count line breaks inside quoted fields: the line of a
    // record is counted here from its byte offset.
    let (mut counted_to, mut line) = (0, 1);
    let mut line_at = |byte: u64| {
        // a record after `\r\n` may be placed at its `\n`: a record starts at its first field
        let mut byte = (byte as usize).min(text.len());
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to.min(byte)..byte]).count();
        counted_to = counted_to.max(byte);
        line
    };
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let at = record.position().map_or(line_at(0), |p| line_at(p.byte()));
                out.push((at, Ok(record.iter().map(str::to_string).collect())));
            }
            Err(err) => {
                let at = err.position().map_or(line_at(0), |p| line_at(p.byte()));
                out.push((at, Err(err.to_string())));
                if !matches!(err.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_pairs_and_problems_with_lines() {
        let p = parse_dictionary("# mine\nfelony gangs\tcriminal gangs\n\nno tab here\n\tx\n");
        assert!(!p.csv);
        assert_eq!(p.pairs.len(), 1);
        assert_eq!(p.pairs[0].line, 2);
        assert_eq!(
            p.problems.iter().map(|r| r.line).collect::<Vec<_>>(),
            [4, 5]
        );
    }

    #[test]
    fn pps_csv_skips_query_rows() {
        let csv = "Tortured phrase,Expected phrase,Number of papers\n\
                   counterfeit consciousness,artificial intelligence,120\n\
                   \"profound learning\",deep learning,80\n\
                   bosom AND malignancy,breast cancer,3\n\
                   irregular ~2 woodland,random forest,7\n\
                   arbitrary backwoods*,random forest,2\n\
                   only one field\n";
        let p = parse_dictionary(csv);
        assert!(p.csv);
        assert_eq!(p.pairs.len(), 2);
        assert_eq!(p.pairs[1].spun, "profound learning");
        assert_eq!(p.query_rows, 3);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 7);
    }

    /// The export as the Screener publishes it: each tortured phrase a quoted Dimensions
    /// search, expected phrases with annotations (rows written for this test).
    #[test]
    fn pps_export_quoted_searches_and_annotated_expectations() {
        let csv = "\"Fingerprint - Tortured Phrase\",\"Expected Text\",\"Nb Retrieved Papers\"\n\
                   \"\"\"profound learning\"\"\",\"deep learning (DL)\",\"4,146\"\n\
                   \"\"\"worldwide situating framework (GPS)\"\"\",\"global positioning system\",\"7\"\n\
                   \"\"\"bosom\"\" AND \"\"breast\"\"\",\"breast\",\"13\"\n\
                   \"\"\"exactness accuracy\"\"~5\",\"accuracy\",\"2\"\n\
                   \"\"\"sound rhythm\"\"\",\"beat pattern (?)\",\"11\"\n\
                   \"\"\"conveyance framework\"\"\",\"delivery strategy/system\",\"9\"\n\
                   \"\"\"irregular woodland\"\"\",\"\"\"random forest\"\"\",\"5\"\n";
        let p = parse_dictionary(csv);
        assert!(p.csv);
        let pairs: Vec<(&str, &str)> = p
            .pairs
            .iter()
            .map(|u| (u.spun.as_str(), u.original.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("profound learning", "deep learning"),
                (
                    "worldwide situating framework (GPS)",
                    "global positioning system"
                ),
                ("irregular woodland", "random forest"),
            ]
        );
        assert_eq!(p.pairs[0].line, 2);
        assert_eq!(p.query_rows, 2);
        assert_eq!(p.unclear_rows, 2);
        assert!(p.problems.is_empty());
    }

    #[test]
    fn quoted_fields_with_commas_quotes_and_line_breaks() {
        let recs =
            csv_records("\"a, b\",\"say \"\"hi\"\"\",3\n\"two\nlines\",x\r\nlast,row\n\"open\n");
        assert_eq!(
            recs[0],
            (1, Ok(vec!["a, b".into(), "say \"hi\"".into(), "3".into()]))
        );
        assert_eq!(recs[1], (2, Ok(vec!["two\nlines".into(), "x".into()])));
        assert_eq!(recs[2], (4, Ok(vec!["last".into(), "row".into()])));
        // an unterminated quote takes the rest of the file: one field, a row that is reported
        assert_eq!(recs[3], (5, Ok(vec!["open\n".into()])));
        let p = parse_dictionary("a,b\nc,d\n\"open\n");
        assert_eq!(p.pairs.len(), 2);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].line, 3);
    }
}
