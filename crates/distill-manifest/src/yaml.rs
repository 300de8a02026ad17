//! A YAML reader that keeps the byte span of every node.
//!
//! The events of `saphyr-parser` are folded into one arena per document:
//! nodes in a `Vec`, the children of every collection in one shared `Vec`
//! of indices, so a document costs a handful of allocations whatever its
//! size. The source text is never copied; spans point into it, so comments
//! and formatting stay available for suppressions and later fixes.
//!
//! A file is cut into documents at `---` lines before it is parsed, and
//! each piece is parsed on its own: a syntax error ends only the document
//! it is in, and the documents after it are still read.

use std::borrow::Cow;

use distill_source::Span;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

/// Index of a node in its document's arena.
pub type NodeId = u32;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: the only style YAML resolves to booleans, numbers and null.
    Plain,
    /// Single or double quoted: always a string.
    Quoted,
    /// A `|` or `>` block scalar: always a string.
    Block,
}

#[derive(Debug)]
enum Kind<'a> {
    Scalar(Cow<'a, str>, Style),
    Mapping,
    Sequence,
    /// `*name`, with the anchored node it refers to when that is known.
    Alias(Option<NodeId>),
}

#[derive(Debug)]
struct NodeData<'a> {
    kind: Kind<'a>,
    span: Span,
    first: u32,
    len: u32,
}

/// One YAML document.
#[derive(Debug)]
pub struct Document<'a> {
    nodes: Vec<NodeData<'a>>,
    children: Vec<NodeId>,
    root: Option<NodeId>,
    /// From the document's first byte (or its `---`) to its last.
    pub span: Span,
}

/// A place where the text is not valid YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Where the parser stopped.
    pub span: Span,
    /// What it expected, in the parser's words.
    pub message: String,
}

/// Every document of one file, and the syntax errors that cut documents
/// short.
#[derive(Debug)]
pub struct Yaml<'a> {
    /// The file's text.
    pub text: &'a str,
    /// The documents that were read to their end, in file order.
    pub documents: Vec<Document<'a>>,
    /// One error per document that could not be read.
    pub errors: Vec<YamlError>,
}

/// Aliases that point at aliases, and merge keys that merge mappings that
/// merge others, are followed this deep and no deeper.
const MAX_INDIRECTION: usize = 64;

impl<'a> Yaml<'a> {
    /// Read every document of `text`.
    pub fn parse(text: &'a str) -> Yaml<'a> {
        let mut yaml = Yaml {
            text,
            documents: Vec::new(),
            errors: Vec::new(),
        };
        let chunks = json_stream(text).unwrap_or_else(|| document_chunks(text));
        for chunk in chunks {
            parse_chunk(text, chunk, &mut yaml);
        }
        yaml
    }

    /// Whether a mapping key somewhere is itself a mapping or a sequence:
    /// what a Go template action such as `{{ .Values.image }}` becomes when
    /// it is read as YAML. Kubernetes objects and Compose files never have
    /// such keys.
    pub fn has_collection_keys(&self) -> bool {
        self.documents.iter().any(|doc| {
            doc.nodes.iter().any(|node| {
                matches!(node.kind, Kind::Mapping)
                    && doc.child_ids(node).step_by(2).any(|key| {
                        matches!(doc.nodes[key as usize].kind, Kind::Mapping | Kind::Sequence)
                    })
            })
        })
    }
}

impl<'a> Document<'a> {
    /// The top-level node, if the document has one.
    pub fn root(&self) -> Option<Node<'_, 'a>> {
        self.root.map(|id| Node::new(self, id))
    }

    fn child_ids(&self, node: &NodeData<'a>) -> impl Iterator<Item = NodeId> + '_ {
        let start = node.first as usize;
        self.children[start..start + node.len as usize]
            .iter()
            .copied()
    }

    /// Every mapping entry and sequence item of the document, as the span
    /// from its first byte (the key, or the item's `-`) to its last, in
    /// source order of their starts.
    pub fn member_spans(&self, text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        for node in &self.nodes {
            match node.kind {
                Kind::Mapping => {
                    let ids: Vec<NodeId> = self.child_ids(node).collect();
                    for pair in ids.chunks(2) {
                        if let [key, value] = pair {
                            let start = self.nodes[*key as usize].span.start;
                            let end = self.nodes[*value as usize].span.end;
                            spans.push(Span::new(start, end));
                        }
                    }
                }
                Kind::Sequence => {
                    for item in self.child_ids(node) {
                        let span = self.nodes[item as usize].span;
                        spans.push(Span::new(item_start(text, span.start), span.end));
                    }
                }
                _ => {}
            }
        }
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        spans
    }
}

/// The start of a block sequence item: its `-` when the item's content
/// follows the dash on the same line, else the content itself.
pub fn item_start(text: &str, content: usize) -> usize {
    let before = &text.as_bytes()[..content.min(text.len())];
    let mut at = before.len();
    while at > 0 && matches!(before[at - 1], b' ' | b'\t') {
        at -= 1;
    }
    if at > 0 && before[at - 1] == b'-' {
        at - 1
    } else {
        content
    }
}

/// A node of a document. Aliases are followed: a node read through
/// `*name` has the contents of the anchored node and the span of the alias.
#[derive(Clone, Copy, Debug)]
pub struct Node<'d, 'a> {
    doc: &'d Document<'a>,
    site: NodeId,
    id: NodeId,
}

/// A mapping entry: its key and its value.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'d, 'a> {
    /// The key.
    pub key: Node<'d, 'a>,
    /// The value.
    pub value: Node<'d, 'a>,
}

impl Entry<'_, '_> {
    /// From the first byte of the key to the last of the value.
    pub fn span(&self) -> Span {
        Span::new(self.key.span().start, self.value.span().end)
    }

    /// The key's text.
    pub fn name(&self) -> &str {
        self.key.as_str().unwrap_or("")
    }
}

impl<'d, 'a> Node<'d, 'a> {
    fn new(doc: &'d Document<'a>, site: NodeId) -> Self {
        let mut id = site;
        for _ in 0..MAX_INDIRECTION {
            match doc.nodes[id as usize].kind {
                Kind::Alias(Some(target)) if target != id => id = target,
                _ => break,
            }
        }
        Node { doc, site, id }
    }

    fn data(&self) -> &'d NodeData<'a> {
        &self.doc.nodes[self.id as usize]
    }

    /// Where the node is written (for an alias, the alias).
    pub fn span(&self) -> Span {
        self.doc.nodes[self.site as usize].span
    }

    /// The span of the node's first line: for a multi-line mapping, its
    /// first entry's line. Findings about a whole object point here.
    pub fn first_line_span(&self, text: &str) -> Span {
        let span = self.span();
        let rest = span.text(text);
        let end = rest.find('\n').map_or(span.end, |i| span.start + i);
        Span::new(span.start, end)
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&'d str> {
        match &self.data().kind {
            Kind::Scalar(value, _) => Some(value),
            _ => None,
        }
    }

    /// How a scalar was written.
    pub fn style(&self) -> Option<Style> {
        match &self.data().kind {
            Kind::Scalar(_, style) => Some(*style),
            _ => None,
        }
    }

    /// The text of an unquoted scalar: what YAML may resolve to a
    /// boolean, a number or null.
    fn plain(&self) -> Option<&'d str> {
        match &self.data().kind {
            Kind::Scalar(value, Style::Plain) => Some(value),
            _ => None,
        }
    }

    /// Whether the node is null: `~`, `null`, nothing at all, or an alias
    /// to nothing.
    pub fn is_null(&self) -> bool {
        match &self.data().kind {
            Kind::Scalar(value, Style::Plain) => {
                matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL")
            }
            Kind::Alias(_) => true,
            _ => false,
        }
    }

    /// An unquoted boolean. Kubernetes reads YAML 1.1 (go-yaml v2 under
    /// sigs.k8s.io/yaml), where `yes`, `on` and `y` are true as well.
    pub fn as_bool(&self) -> Option<bool> {
        parse_bool(self.plain()?)
    }

    /// A boolean, also when it is quoted: Compose accepts `"true"` where it
    /// expects a boolean, so that values can come from variables.
    pub fn as_bool_lenient(&self) -> Option<bool> {
        let text = self.as_str()?;
        parse_bool(text).or_else(|| match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" => Some(true),
            "false" | "no" | "off" | "n" => Some(false),
            _ => None,
        })
    }

    /// An unquoted integer: decimal, or hexadecimal with `0x`.
    pub fn as_i64(&self) -> Option<i64> {
        let text = self.plain()?.replace('_', "");
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(&text)),
        };
        let value = match digits.strip_prefix("0x") {
            Some(hex) => i64::from_str_radix(hex, 16).ok()?,
            None => digits.parse::<i64>().ok()?,
        };
        Some(if negative { -value } else { value })
    }

    /// Whether the node is a mapping.
    pub fn is_mapping(&self) -> bool {
        matches!(self.data().kind, Kind::Mapping)
    }

    /// Whether the node is a sequence.
    pub fn is_sequence(&self) -> bool {
        matches!(self.data().kind, Kind::Sequence)
    }

    fn children(&self) -> impl Iterator<Item = Node<'d, 'a>> + 'd {
        let doc = self.doc;
        let data = self.data();
        let ids: &'d [NodeId] = match data.kind {
            Kind::Mapping | Kind::Sequence => {
                let start = data.first as usize;
                &doc.children[start..start + data.len as usize]
            }
            _ => &[],
        };
        ids.iter().map(move |&id| Node::new(doc, id))
    }

    /// The items of a sequence (nothing for other nodes).
    pub fn items(&self) -> impl Iterator<Item = Node<'d, 'a>> + 'd {
        let sequence = self.is_sequence();
        self.children().filter(move |_| sequence)
    }

    /// The entries written in a mapping, in order, merge keys (`<<`)
    /// included as they are.
    pub fn own_entries(&self) -> impl Iterator<Item = Entry<'d, 'a>> + 'd {
        let mapping = self.is_mapping();
        let mut children = self.children().filter(move |_| mapping);
        std::iter::from_fn(move || {
            let key = children.next()?;
            let value = children.next()?;
            Some(Entry { key, value })
        })
    }

    /// The entries of a mapping with merge keys (`<<: *defaults`) applied:
    /// the mapping's own entries first, then merged ones whose keys it
    /// does not have.
    pub fn entries(&self) -> Vec<Entry<'d, 'a>> {
        let mut out = Vec::new();
        self.collect_entries(&mut out, &mut Vec::new());
        out
    }

    /// `seen` holds the mappings already merged: a mapping that merges
    /// itself, or the same mapping twice, is read once.
    fn collect_entries(&self, out: &mut Vec<Entry<'d, 'a>>, seen: &mut Vec<NodeId>) {
        if seen.contains(&self.id) || seen.len() > MAX_INDIRECTION {
            return;
        }
        seen.push(self.id);
        let before = out.len();
        let mut merges = Vec::new();
        for entry in self.own_entries() {
            if is_merge_key(&entry.key) {
                merges.push(entry.value);
            } else {
                out.push(entry);
            }
        }
        for merged in merges.iter().flat_map(merge_sources) {
            let mut more = Vec::new();
            merged.collect_entries(&mut more, seen);
            for entry in more {
                let name = entry.key.as_str();
                if !out[before..].iter().any(|e| e.key.as_str() == name) {
                    out.push(entry);
                }
            }
        }
    }

    /// The entry for `key`: the last one written wins, as in the Go and
    /// JSON readers Kubernetes and Compose use; then merged mappings, first
    /// listed first.
    pub fn entry(&self, key: &str) -> Option<Entry<'d, 'a>> {
        self.find_entry(key, &mut Vec::new())
    }

    fn find_entry(&self, key: &str, seen: &mut Vec<NodeId>) -> Option<Entry<'d, 'a>> {
        if !self.is_mapping() || seen.contains(&self.id) || seen.len() > MAX_INDIRECTION {
            return None;
        }
        seen.push(self.id);
        let mut found = None;
        let mut merges = Vec::new();
        for entry in self.own_entries() {
            if entry.key.as_str() == Some(key) {
                found = Some(entry);
            } else if is_merge_key(&entry.key) {
                merges.push(entry.value);
            }
        }
        if found.is_some() {
            return found;
        }
        merges
            .iter()
            .flat_map(merge_sources)
            .find_map(|m| m.find_entry(key, seen))
    }

    /// The value for `key`, unless it is null.
    pub fn get(&self, key: &str) -> Option<Node<'d, 'a>> {
        self.entry(key)
            .map(|e| e.value)
            .filter(|value| !value.is_null())
    }

    /// The value at a path of keys, `["spec", "template", "spec"]`.
    pub fn at(&self, path: &[&str]) -> Option<Node<'d, 'a>> {
        path.iter().try_fold(*self, |node, key| node.get(key))
    }

    /// The string at `key`.
    pub fn str_at(&self, key: &str) -> Option<&'d str> {
        self.get(key)?.as_str()
    }
}

fn is_merge_key(key: &Node<'_, '_>) -> bool {
    key.plain() == Some("<<")
}

/// The mappings a merge key's value names: one mapping, or a sequence of
/// them.
fn merge_sources<'d, 'a>(value: &Node<'d, 'a>) -> Vec<Node<'d, 'a>> {
    if value.is_sequence() {
        value.items().filter(Node::is_mapping).collect()
    } else if value.is_mapping() {
        vec![*value]
    } else {
        Vec::new()
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            Some(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            Some(false)
        }
        _ => None,
    }
}

/// The values of a stream of JSON objects or arrays written one after the
/// other (`{...}\n{...}`), which kubectl reads as several objects; `None`
/// for a single value or for text that is not such a stream.
fn json_stream(text: &str) -> Option<Vec<Span>> {
    let bytes = text.as_bytes();
    let mut chunks = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut start = None;
    for (at, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' if depth > 0 => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    start = Some(at);
                }
                depth += 1;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    chunks.push(Span::new(start?, at + 1));
                }
            }
            _ if depth == 0 && !byte.is_ascii_whitespace() => return None,
            _ => {}
        }
    }
    (chunks.len() > 1 && depth == 0).then_some(chunks)
}

/// Cut `text` into pieces that each start at a `---` line. YAML forbids
/// `---` at the start of a line inside any scalar (the "c-forbidden"
/// lines of YAML 1.2, section 9.1.4), so the cut never splits a node. A
/// piece holding nothing but directives and comments stays with the next
/// one, whose `---` those directives belong to.
fn document_chunks(text: &str) -> Vec<Span> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut has_content = false;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let line = &bytes[line_start..line_end];
        if is_document_start(line) && has_content {
            chunks.push(Span::new(start, line_start));
            start = line_start;
        }
        let trimmed = line.trim_ascii_start();
        if !(trimmed.is_empty() || trimmed[0] == b'#' || line[0] == b'%') {
            has_content = true;
        }
        line_start = line_end;
    }
    if start < bytes.len() || chunks.is_empty() {
        chunks.push(Span::new(start, bytes.len()));
    }
    chunks
}

fn is_document_start(line: &[u8]) -> bool {
    line.starts_with(b"---") && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
}

/// Turns the parser's character positions into byte offsets of the file.
struct Offsets {
    base: usize,
    /// Byte offset of every character of the piece, for text that is not
    /// all ASCII (where characters and bytes differ).
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(piece: &str, base: usize) -> Self {
        let table = (!piece.is_ascii()).then(|| piece.char_indices().map(|(b, _)| b).collect());
        Offsets {
            base,
            table,
            len: piece.len(),
        }
    }

    fn byte(&self, marker: &Marker) -> usize {
        let local = match &self.table {
            None => marker.index().min(self.len),
            Some(table) => table.get(marker.index()).copied().unwrap_or(self.len),
        };
        self.base + local
    }

    fn span(&self, span: &saphyr_parser::Span) -> Span {
        Span::new(self.byte(&span.start), self.byte(&span.end))
    }
}

fn parse_chunk<'a>(text: &'a str, chunk: Span, yaml: &mut Yaml<'a>) {
    let piece = &text[chunk.range()];
    let offsets = Offsets::new(piece, chunk.start);
    let mut parser = Parser::new_from_str(piece);
    let mut builder: Option<Builder<'a>> = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(next) => next,
            Err(error) => {
                // The document that was being read is dropped; the ones
                // before it stay.
                yaml.errors.push(YamlError {
                    span: Span::empty(offsets.byte(error.marker())),
                    message: error.info().to_string(),
                });
                return;
            }
        };
        let span = offsets.span(&span);
        match event {
            Event::StreamEnd => return,
            Event::StreamStart | Event::Nothing => {}
            Event::DocumentStart(_) => builder = Some(Builder::new(span.start)),
            Event::DocumentEnd => {
                if let Some(done) = builder.take() {
                    yaml.documents.push(done.finish(span.end));
                }
            }
            other => {
                if let Some(open) = builder.as_mut() {
                    open.event(text, other, span);
                }
            }
        }
    }
}

/// Folds the events of one document into its arena.
struct Builder<'a> {
    nodes: Vec<NodeData<'a>>,
    children: Vec<NodeId>,
    /// Children of the collections still open, innermost last.
    pending: Vec<NodeId>,
    /// Open collections, with where their children start in `pending`.
    open: Vec<(NodeId, usize)>,
    anchors: Vec<(usize, NodeId)>,
    root: Option<NodeId>,
    start: usize,
}

impl<'a> Builder<'a> {
    fn new(start: usize) -> Self {
        Builder {
            nodes: Vec::new(),
            children: Vec::new(),
            pending: Vec::new(),
            open: Vec::new(),
            anchors: Vec::new(),
            root: None,
            start,
        }
    }

    fn event(&mut self, text: &str, event: Event<'a>, span: Span) {
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                self.push(Kind::Scalar(value, style), span, anchor);
            }
            Event::Alias(anchor) => {
                let target = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == anchor)
                    .map(|(_, id)| *id);
                self.push(Kind::Alias(target), span, 0);
            }
            Event::MappingStart(anchor, _) => self.open(Kind::Mapping, span, anchor),
            Event::SequenceStart(anchor, _) => self.open(Kind::Sequence, span, anchor),
            Event::MappingEnd | Event::SequenceEnd => self.close(text, span),
            _ => {}
        }
    }

    fn push(&mut self, kind: Kind<'a>, span: Span, anchor: usize) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(NodeData {
            kind,
            span,
            first: 0,
            len: 0,
        });
        if anchor != 0 {
            self.anchors.push((anchor, id));
        }
        match self.open.last() {
            Some(_) => self.pending.push(id),
            None => {
                self.root.get_or_insert(id);
            }
        }
        id
    }

    fn open(&mut self, kind: Kind<'a>, span: Span, anchor: usize) {
        let id = self.push(kind, Span::empty(span.start), anchor);
        self.open.push((id, self.pending.len()));
    }

    fn close(&mut self, text: &str, end: Span) {
        let Some((id, from)) = self.open.pop() else {
            return;
        };
        let first = self.children.len();
        self.children.extend(self.pending.drain(from..));
        let last_end = self.children[first..]
            .last()
            .map(|&child| self.nodes[child as usize].span.end);
        let node = &mut self.nodes[id as usize];
        node.first = first as u32;
        node.len = (self.children.len() - first) as u32;
        // A flow collection ends at its bracket; a block one at its last
        // child (the parser places block ends at the next token).
        let closes_flow = matches!(end.text(text), "}" | "]");
        let stop = if closes_flow {
            end.end
        } else {
            last_end.unwrap_or(node.span.start)
        };
        node.span = Span::new(node.span.start, stop);
    }

    fn finish(self, end: usize) -> Document<'a> {
        Document {
            nodes: self.nodes,
            children: self.children,
            root: self.root,
            span: Span::new(self.start, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned<'t>(text: &'t str, node: Node<'_, '_>) -> &'t str {
        node.span().text(text)
    }

    #[test]
    fn keys_values_and_items_keep_their_spans() {
        let text = "a: 1\nb:\n  c: [x, 'y']\n  d:\n  - e: f\n    g: h\n";
        let yaml = Yaml::parse(text);
        assert!(yaml.errors.is_empty());
        let root = yaml.documents[0].root().unwrap();
        let b = root.get("b").unwrap();
        assert_eq!(spanned(text, b.get("c").unwrap()), "[x, 'y']");
        let item = b.get("d").unwrap().items().next().unwrap();
        assert_eq!(spanned(text, item), "e: f\n    g: h");
        assert_eq!(
            item_start(text, item.span().start),
            text.find("- e").unwrap()
        );
        let entry = item.entry("g").unwrap();
        assert_eq!(entry.span().text(text), "g: h");
        assert_eq!(root.at(&["b", "c"]).unwrap().items().count(), 2);
    }

    #[test]
    fn streams_of_json_objects_are_several_documents() {
        let text = "{\"kind\": \"Pod\", \"a\": \"}{\"}\n{\"kind\": \"Service\"}\n";
        let yaml = Yaml::parse(text);
        assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
        let kinds: Vec<&str> = yaml
            .documents
            .iter()
            .filter_map(|d| d.root()?.str_at("kind"))
            .collect();
        assert_eq!(kinds, ["Pod", "Service"]);
        assert!(json_stream("{\"a\": 1}").is_none());
        assert!(json_stream("a: {b: 1}\n").is_none());
    }

    #[test]
    fn byte_offsets_past_non_ascii_text() {
        let text = "a: é€\nb: ok\n";
        let yaml = Yaml::parse(text);
        let b = yaml.documents[0].root().unwrap().get("b").unwrap();
        assert_eq!(spanned(text, b), "ok");
    }

    #[test]
    fn an_error_ends_only_its_own_document() {
        let text = "a: 1\n---\nb: [1, 2\n---\nc: 3\n";
        let yaml = Yaml::parse(text);
        assert_eq!(yaml.documents.len(), 2);
        assert_eq!(yaml.errors.len(), 1);
        assert!(yaml.errors[0].span.start >= text.find("b:").unwrap());
        let last = yaml.documents[1].root().unwrap();
        assert_eq!(last.get("c").unwrap().as_i64(), Some(3));
    }

    #[test]
    fn aliases_and_merge_keys() {
        let text = "x: &d {read_only: true, user: root}\ny:\n  <<: *d\n  user: '1000'\nz: *d\n";
        let yaml = Yaml::parse(text);
        let root = yaml.documents[0].root().unwrap();
        let y = root.get("y").unwrap();
        assert_eq!(y.get("read_only").unwrap().as_bool(), Some(true));
        assert_eq!(y.str_at("user"), Some("1000"));
        assert_eq!(y.entries().len(), 2);
        let z = root.get("z").unwrap();
        assert_eq!(spanned(text, z), "*d");
        assert_eq!(z.str_at("user"), Some("root"));
    }

    #[test]
    fn scalars_resolve_the_way_kubernetes_reads_them() {
        let text = "a: yes\nb: 'true'\nc: 0\nd: ~\ne:\nf: \"0\"\ng: -12\n";
        let yaml = Yaml::parse(text);
        let root = yaml.documents[0].root().unwrap();
        assert_eq!(root.get("a").unwrap().as_bool(), Some(true));
        assert_eq!(root.get("b").unwrap().as_bool(), None);
        assert_eq!(root.get("b").unwrap().as_bool_lenient(), Some(true));
        assert_eq!(root.get("c").unwrap().as_i64(), Some(0));
        assert!(root.get("d").is_none() && root.entry("d").is_some());
        assert!(root.get("e").is_none());
        assert_eq!(root.get("f").unwrap().as_i64(), None);
        assert_eq!(root.get("g").unwrap().as_i64(), Some(-12));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        let yaml = Yaml::parse("a: 1\na: 2\n");
        let root = yaml.documents[0].root().unwrap();
        assert_eq!(root.get("a").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn directives_stay_with_their_document() {
        let yaml = Yaml::parse("%YAML 1.2\n---\na: 1\n");
        assert!(yaml.errors.is_empty(), "{:?}", yaml.errors);
        assert_eq!(yaml.documents.len(), 1);
    }

    #[test]
    fn template_actions_read_as_collection_keys() {
        assert!(Yaml::parse("image: {{ .Values.image }}\n").has_collection_keys());
        assert!(!Yaml::parse("data: '{{ .Value }}'\n").has_collection_keys());
    }
}
