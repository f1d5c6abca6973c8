//! CSV for the officers' downloads: RFC 4180 quoting, and cells that a
//! spreadsheet would run as a formula are made plain text.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// One cell, quoted when it needs to be.
pub fn cell(value: &str) -> String {
    // A leading =, +, - or @ makes spreadsheets run the cell as a formula.
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Rows as CSV text, each line ending CRLF.
pub fn table(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().map(|v| cell(v)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A download named `filename`. It starts with a byte order mark, so
/// Excel reads it as UTF-8 ("Zoë's café", not "ZoÃ«â€™s cafÃ©").
pub fn download(filename: &'static str, body: String) -> Response {
    let body = format!("\u{feff}{body}");
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_download_starts_with_a_byte_order_mark_for_excel() {
        let response = download("x.csv", table(&[vec!["Zoë's café".to_owned()]]));
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap_or_default();
        assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "{body:?}");
        assert_eq!(&body[3..], "Zoë's café\r\n".as_bytes());
    }

    #[test]
    fn quotes_and_defuses() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("-1"), "'-1");
        let text = table(&[vec!["a".into(), "b,c".into()], vec!["1".into(), "2".into()]]);
        assert_eq!(text, "a,\"b,c\"\r\n1,2\r\n");
    }
}
