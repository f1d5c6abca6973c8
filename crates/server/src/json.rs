//! Writing a GraphQL response as JSON in one pass, with every object's keys
//! in byte order: the bytes `serde_json::to_value` then `to_vec` gave, and
//! the same for every run (async-graphql collects fields as they finish),
//! without building a second tree of the whole answer first.

use async_graphql::{BatchResponse, Response, Value};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A response or batch of responses, written with sorted keys.
pub struct Sorted<'a>(pub &'a BatchResponse);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            BatchResponse::Single(response) => SortedResponse(response).serialize(serializer),
            BatchResponse::Batch(responses) => {
                let mut seq = serializer.serialize_seq(Some(responses.len()))?;
                for response in responses {
                    seq.serialize_element(&SortedResponse(response))?;
                }
                seq.end()
            }
        }
    }
}

struct SortedResponse<'a>(&'a Response);

impl Serialize for SortedResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let response = self.0;
        let mut map = serializer.serialize_map(None)?;
        // "data" < "errors" < "extensions". Errors and extensions are
        // small: they go through `serde_json::Value`, which sorts them.
        map.serialize_entry("data", &SortedValue(&response.data))?;
        if !response.errors.is_empty() {
            let errors = serde_json::to_value(&response.errors).map_err(serde::ser::Error::custom)?;
            map.serialize_entry("errors", &errors)?;
        }
        if !response.extensions.is_empty() {
            let extensions = serde_json::to_value(&response.extensions).map_err(serde::ser::Error::custom)?;
            map.serialize_entry("extensions", &extensions)?;
        }
        map.end()
    }
}

struct SortedValue<'a>(&'a Value);

impl Serialize for SortedValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(fields) => {
                let mut sorted: Vec<_> = fields.iter().collect();
                sorted.sort_unstable_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
                let mut map = serializer.serialize_map(Some(sorted.len()))?;
                for (name, value) in sorted {
                    map.serialize_entry(name.as_str(), &SortedValue(value))?;
                }
                map.end()
            }
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&SortedValue(item))?;
                }
                seq.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{Name, ServerError, Value};

    use super::*;

    fn through_value(response: &BatchResponse) -> Vec<u8> {
        let value = serde_json::to_value(response).unwrap_or_default();
        serde_json::to_vec(&value).unwrap_or_default()
    }

    fn object(fields: Vec<(&str, Value)>) -> Value {
        Value::Object(fields.into_iter().map(|(k, v)| (Name::new(k), v)).collect())
    }

    #[test]
    fn writes_the_bytes_that_going_through_serde_json_value_wrote() {
        let data = object(vec![
            ("zeta", Value::from(1.5)),
            (
                "alpha",
                Value::List(vec![object(vec![("b", Value::Null), ("a", Value::from("x\"y"))])]),
            ),
            ("mid", Value::Enum(Name::new("RANKED"))),
            ("count", Value::from(3)),
            ("flag", Value::from(true)),
        ]);
        let with_error = || {
            let mut error = ServerError::new("refused", None);
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", Value::from("FORBIDDEN"));
            let mut response = Response::new(data.clone());
            response.errors.push(error);
            response.extensions.insert("b".to_owned(), Value::from(2));
            response.extensions.insert("a".to_owned(), Value::from(1));
            response
        };
        for response in [
            BatchResponse::Single(Response::new(data.clone())),
            BatchResponse::Single(with_error()),
            BatchResponse::Single(Response::new(Value::Null)),
            BatchResponse::Batch(vec![Response::new(data.clone()), with_error()]),
        ] {
            let direct = serde_json::to_vec(&Sorted(&response)).unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&direct),
                String::from_utf8_lossy(&through_value(&response))
            );
        }
    }
}
