//! Documents from Arrow string columns, for the Spark worker (`copydesk.spark`).
//!
//! A Spark task hands its rows over as Arrow record batches; the package casts the id and text
//! columns to `large_string` and passes each column's offsets (little-endian i64, one more
//! than the rows) and data buffers as bytes. The texts are read straight from the data
//! buffer: no Python object is made per row. Arrow strings are UTF-8, so each document counts
//! as decoded from UTF-8, as a UTF-8 text file is.

use copydesk::corpus::Document;

/// One `large_string` column: its offsets and data buffers, and the slice of rows it holds.
pub struct Column<'a> {
    pub name: &'a str,
    pub offsets: &'a [u8],
    pub data: &'a [u8],
    /// The array's offset (its first row within the buffers).
    pub first: usize,
    pub rows: usize,
}

impl<'a> Column<'a> {
    /// The string in row `row`, or a message naming the column and row.
    fn get(&self, row: usize) -> Result<&'a str, String> {
        let at = |i: usize| -> Result<usize, String> {
            let bytes = self
                .offsets
                .get(i * 8..i * 8 + 8)
                .ok_or_else(|| format!("column {}: offsets end before row {row}", self.name))?;
            let mut le = [0u8; 8];
            le.copy_from_slice(bytes);
            usize::try_from(i64::from_le_bytes(le))
                .map_err(|_| format!("column {}: negative offset at row {row}", self.name))
        };
        let (start, end) = (at(self.first + row)?, at(self.first + row + 1)?);
        let bytes = self
            .data
            .get(start..end)
            .ok_or_else(|| format!("column {}: row {row} lies past its data", self.name))?;
        std::str::from_utf8(bytes)
            .map_err(|e| format!("column {}: row {row} is not UTF-8: {e}", self.name))
    }
}

/// The strings of every row of `column`, in row order.
pub fn strings<'a>(column: &Column<'a>) -> Result<Vec<&'a str>, String> {
    (0..column.rows).map(|row| column.get(row)).collect()
}

/// The documents of the rows of `ids` and `texts`, in row order; ids must be unique.
pub fn documents(ids: &Column<'_>, texts: &Column<'_>) -> Result<Vec<Document>, String> {
    if ids.rows != texts.rows {
        return Err(format!(
            "columns {} and {} differ in length ({} and {} rows)",
            ids.name, texts.name, ids.rows, texts.rows
        ));
    }
    let mut seen = std::collections::HashSet::with_capacity(ids.rows);
    let mut docs = Vec::with_capacity(texts.rows);
    for row in 0..texts.rows {
        let id = ids.get(row)?;
        if !seen.insert(id) {
            return Err(format!(
                "column {}: id {id:?} is given twice (row {row}): ids must be unique",
                ids.name
            ));
        }
        let mut doc = Document::new(id, texts.get(row)?);
        doc.origin.encoding = Some("UTF-8");
        docs.push(doc);
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column<'a>(offsets: &'a [u8], data: &'a [u8], first: usize, rows: usize) -> Column<'a> {
        Column {
            name: "c",
            offsets,
            data,
            first,
            rows,
        }
    }

    fn offsets(values: &[i64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn rows_are_read_from_the_buffers() {
        let ids = offsets(&[0, 1, 2, 3]);
        let texts = offsets(&[0, 5, 5, 11]);
        let docs = documents(
            &column(&ids, b"abc", 1, 2),
            &column(&texts, b"hello world", 1, 2),
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].id.as_str(), docs[0].text.as_str()), ("b", ""));
        assert_eq!(
            (docs[1].id.as_str(), docs[1].text.as_str()),
            ("c", " world")
        );
    }

    #[test]
    fn bad_columns_are_named() {
        let ids = offsets(&[0, 1, 2]);
        let err = documents(&column(&ids, b"aa", 0, 2), &column(&ids, b"xy", 0, 2)).unwrap_err();
        assert!(err.contains("given twice"), "{err}");
        let short = offsets(&[0, 1]);
        let err = documents(&column(&ids, b"ab", 0, 2), &column(&short, b"x", 0, 2)).unwrap_err();
        assert!(err.contains("offsets end"), "{err}");
    }
}
