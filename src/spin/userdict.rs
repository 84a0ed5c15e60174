//! Reading a user's own `spun -> original` pairs (`copydesk unspin --dictionary FILE`).
//!
//! Two formats are accepted, told apart by content (not by name):
//! - the format of `dictionaries/signatures.tsv`: `spun<TAB>original` a line, `#` comments and
//!   blank lines ignored;
//! - the Problematic Paper Screener's CSV export: `tortured phrase,expected phrase,number of
//!   papers` with a header row and RFC 4180 quoting. Some of its rows are search queries rather
//!   than phrases (`AND`, `OR`, `NOT`, `~N` proximity, `*` wildcards, parentheses); those cannot be
//!   matched literally, so they are counted and skipped, and the caller reports the count.
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
            [spun, original] | [spun, original, _]
                if !spun.trim().is_empty() && !original.trim().is_empty() =>
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
            [_, _] | [_, _, _] => out.problems.push(RowProblem {
                line,
                message: "empty spun or original phrase".into(),
            }),
            _ => out.problems.push(RowProblem {
                line,
                message: format!("expected 2 TAB-separated fields, found {}", fields.len()),
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
        if is_query(&fields[0]) || is_query(&fields[1]) {
            out.query_rows += 1;
            continue;
        }
        out.pairs.push(UserPair {
            spun: fields[0].trim().to_string(),
            original: fields[1].trim().to_string(),
            line,
        });
    }
    out
}

/// True for a search query rather than a literal phrase.
fn is_query(field: &str) -> bool {
    let f = field.trim();
    if f.contains('*') || f.contains('(') || f.contains(')') || f.contains('"') {
        return true;
    }
    let bytes = f.as_bytes();
    if bytes
        .windows(2)
        .any(|w| w[0] == b'~' && w[1].is_ascii_digit())
        || f.ends_with('~')
    {
        return true;
    }
    f.split_whitespace()
        .any(|w| matches!(w, "AND" | "OR" | "NOT" | "NEAR" | "&&" | "||"))
}

/// Splits CSV text into records: (line where the record starts, fields or an error).
fn csv_records(text: &str) -> Vec<(usize, Result<Vec<String>, String>)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut error = None;
        loop {
            match chars.next() {
                None => {
                    if quoted {
                        error = Some("unterminated quoted field".to_string());
                    }
                    break;
                }
                Some('"') if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                Some('"') if field.is_empty() => quoted = true,
                Some('\n') if !quoted => {
                    line += 1;
                    break;
                }
                Some('\r') if !quoted => {}
                Some(',') if !quoted => fields.push(std::mem::take(&mut field)),
                Some(c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
        }
        fields.push(field);
        out.push((start, error.map_or(Ok(fields), Err)));
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

    #[test]
    fn quoted_fields_with_commas_and_quotes() {
        let recs = csv_records("\"a, b\",\"say \"\"hi\"\"\",3\n\"open\n");
        assert_eq!(
            recs[0].1,
            Ok(vec!["a, b".into(), "say \"hi\"".into(), "3".into()])
        );
        assert!(recs[1].1.is_err());
    }
}
