//! Limits on the document itself, checked as soon as it is parsed and
//! before anything else walks it: async-graphql's own checks (recursion
//! depth, complexity, depth, overlapping fields) follow every fragment
//! spread, so a document whose fragments spread each other twice over costs
//! them time doubling with each level. Here each fragment is measured once.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::parser::types::{ExecutableDocument, FragmentDefinition, Selection, SelectionSet};
use async_graphql::{Name, Positioned, Request, ServerError, ServerResult};

/// Refuses a document with more than `max_aliases` aliased fields, or more
/// than `max_fields` fields once every fragment spread is replaced by its
/// fragment, or whose fragments spread each other in a cycle.
pub struct DocumentLimits {
    max_aliases: usize,
    max_fields: usize,
}

impl DocumentLimits {
    pub fn new(max_aliases: usize, max_fields: usize) -> Self {
        Self {
            max_aliases,
            max_fields,
        }
    }
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentLimits { ..*self })
    }
}

#[async_trait::async_trait]
impl Extension for DocumentLimits {
    /// Runs before async-graphql's own parse step, whose recursion check
    /// already follows every spread: the document is parsed here, once,
    /// and handed on parsed. A document that does not parse is left for
    /// that step to report.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(document) = request.parsed_query() {
            self.check(document)?;
        }
        next.run(ctx, request).await
    }
}

impl DocumentLimits {
    fn check(&self, document: &ExecutableDocument) -> ServerResult<()> {
        let aliases = count_aliases(document);
        if aliases > self.max_aliases {
            return Err(refusal(format!(
                "the query uses {aliases} aliases; the limit is {}",
                self.max_aliases
            )));
        }
        match expanded_fields(document) {
            Err(Cycle(name)) => Err(refusal(format!(
                "fragment {name} spreads itself (through other fragments or directly)"
            ))),
            Ok(fields) if fields > self.max_fields => Err(refusal(format!(
                "the query asks for {} fields once its fragments are spread; the limit is {}",
                if fields == usize::MAX {
                    "too many".to_owned()
                } else {
                    fields.to_string()
                },
                self.max_fields
            ))),
            Ok(_) => Ok(()),
        }
    }
}

fn refusal(message: String) -> ServerError {
    ServerError::new(message, None)
}

fn count_aliases(document: &ExecutableDocument) -> usize {
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, op)| aliases_in(&op.node.selection_set.node))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|fragment| aliases_in(&fragment.node.selection_set.node))
        .sum();
    in_operations + in_fragments
}

fn aliases_in(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some()) + aliases_in(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => aliases_in(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// A fragment that spreads itself.
#[derive(Debug, PartialEq, Eq)]
struct Cycle(String);

/// A selection set's own fields, and the fragments it spreads (once per
/// spread). Nesting is bounded by the parser's recursion limit, so this
/// walk recurses safely; spreads are followed by `expanded_fields` alone.
#[derive(Default)]
struct Measure<'a> {
    fields: usize,
    spreads: Vec<&'a Name>,
}

impl<'a> Measure<'a> {
    fn of(set: &'a SelectionSet) -> Self {
        let mut measure = Self::default();
        measure.add(set);
        measure
    }

    fn add(&mut self, set: &'a SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    self.fields = self.fields.saturating_add(1);
                    self.add(&field.node.selection_set.node);
                }
                Selection::InlineFragment(fragment) => self.add(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.spreads.push(&spread.node.fragment_name.node),
            }
        }
    }
}

/// How many fields every operation of the document holds with each spread
/// replaced by its fragment, counted without expanding anything: each
/// fragment's size is worked out once, depth first with an explicit stack
/// (a chain of thousands of fragments must not exhaust the thread's stack).
fn expanded_fields(document: &ExecutableDocument) -> Result<usize, Cycle> {
    let fragments: &HashMap<Name, Positioned<FragmentDefinition>> = &document.fragments;
    let measures: HashMap<&Name, Measure> = fragments
        .iter()
        .map(|(name, fragment)| (name, Measure::of(&fragment.node.selection_set.node)))
        .collect();
    let mut sizes = FragmentSizes::default();
    let mut total: usize = 0;
    for (_, operation) in document.operations.iter() {
        let measure = Measure::of(&operation.node.selection_set.node);
        total = total.saturating_add(measure.fields);
        for name in measure.spreads {
            total = total.saturating_add(sizes.of(name, &measures)?);
        }
    }
    Ok(total)
}

#[derive(Default)]
struct FragmentSizes<'a> {
    /// None while the fragment is on the current path (being measured).
    known: HashMap<&'a Name, Option<usize>>,
}

enum Step<'a> {
    Enter(&'a Name),
    Leave(&'a Name),
}

impl<'a> FragmentSizes<'a> {
    fn of(&mut self, root: &'a Name, measures: &HashMap<&'a Name, Measure<'a>>) -> Result<usize, Cycle> {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(name) => match self.known.get(name) {
                    Some(Some(_)) => {}
                    // Still being measured: it is its own ancestor.
                    Some(None) => return Err(Cycle(name.to_string())),
                    None => {
                        self.known.insert(name, None);
                        stack.push(Step::Leave(name));
                        if let Some(measure) = measures.get(name) {
                            stack.extend(measure.spreads.iter().map(|spread| Step::Enter(spread)));
                        }
                    }
                },
                Step::Leave(name) => {
                    // An unknown fragment counts nothing; validation names it.
                    let size = measures.get(name).map_or(0, |measure| {
                        measure.spreads.iter().fold(measure.fields, |size, spread| {
                            size.saturating_add(self.known.get(spread).copied().flatten().unwrap_or(0))
                        })
                    });
                    self.known.insert(name, Some(size));
                }
            }
        }
        Ok(self.known.get(root).copied().flatten().unwrap_or(0))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(query: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(query).unwrap()
    }

    #[test]
    fn counts_aliases_in_operations_and_fragments() {
        let doc = parse(
            "query { a: forums { id } b: forums { x: id ...F } ... on Query { c: forums { id } } }
             fragment F on Forum { d: slug }",
        );
        assert_eq!(count_aliases(&doc), 5);
    }

    #[test]
    fn counts_each_spread_at_its_fragments_size() {
        let doc = parse(
            "{ forums { id ...A ...A } me { ...B } }
             fragment A on Forum { slug name ...B }
             fragment B on Forum { id }",
        );
        // forums, id, me + A twice (slug, name, id) + B once (id).
        assert_eq!(expanded_fields(&doc), Ok(3 + 2 * 3 + 1));
    }

    #[test]
    fn doubling_spreads_are_measured_without_expanding_them() {
        let levels = 60;
        let mut query = String::from("{ forums { ...F0 } } ");
        for i in 0..levels {
            query.push_str(&format!(
                "fragment F{i} on Forum {{ ...F{n} ...F{n} }} ",
                n = i + 1
            ));
        }
        query.push_str(&format!("fragment F{levels} on Forum {{ id }}"));
        let started = std::time::Instant::now();
        let fields = expanded_fields(&parse(&query)).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
        // 2^60 fields, plus `forums`.
        assert_eq!(fields, (1usize << 60) + 1);
    }

    #[test]
    fn a_cycle_of_fragments_is_found() {
        let doc = parse(
            "{ forums { ...A } }
             fragment A on Forum { id ...B }
             fragment B on Forum { ...C }
             fragment C on Forum { ...A }",
        );
        assert!(expanded_fields(&doc).is_err());
        let own = parse("{ forums { ...A } } fragment A on Forum { ...A }");
        assert_eq!(expanded_fields(&own), Err(Cycle("A".to_owned())));
    }

    #[test]
    fn a_long_chain_of_fragments_does_not_exhaust_the_stack() {
        let mut query = String::from("{ forums { ...F0 } } ");
        for i in 0..20_000 {
            query.push_str(&format!("fragment F{i} on Forum {{ id ...F{} }} ", i + 1));
        }
        query.push_str("fragment F20000 on Forum { id }");
        assert_eq!(expanded_fields(&parse(&query)), Ok(20_002));
    }

    #[test]
    fn an_unknown_fragment_counts_nothing() {
        let doc = parse("{ forums { id ...Missing } }");
        assert_eq!(expanded_fields(&doc), Ok(2));
    }
}
