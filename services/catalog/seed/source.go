package seed

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// source is a parsed YAML file (or front matter) with what locates its fields.
type source struct {
	file string
	root *yaml.Node // the top mapping; nil when the file did not parse
	// offset is added to YAML line numbers: 1 for front matter after its "---".
	offset int
	// bodyLine is where a Markdown body starts, 0 without one.
	bodyLine int
}

var pathToken = regexp.MustCompile(`([^.\[\]]+)|\[(\d+)\]`)

// line returns the line of the field at path ("tuition[1].currency"): of its
// key, or of the nearest enclosing key when it is missing.
func (s *source) line(path string) int {
	if (path == "body" || path == "description") && s.bodyLine > 0 {
		return s.bodyLine
	}
	if s.root == nil {
		return 1
	}
	node, line := s.root, s.root.Line
	for _, tok := range pathToken.FindAllStringSubmatch(path, -1) {
		next, at := child(node, tok[1], tok[2])
		if next == nil {
			break
		}
		node, line = next, at
	}
	return line + s.offset
}

// child returns the value under key (or index) in node and the line to report for it.
func child(node *yaml.Node, key, index string) (*yaml.Node, int) {
	switch {
	case node.Kind == yaml.MappingNode && key != "":
		for i := 0; i+1 < len(node.Content); i += 2 {
			if node.Content[i].Value == key {
				return node.Content[i+1], node.Content[i].Line
			}
		}
	case node.Kind == yaml.SequenceNode && index != "":
		if i, err := strconv.Atoi(index); err == nil && i < len(node.Content) {
			return node.Content[i], node.Content[i].Line
		}
	}
	return nil, 0
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+): (.*)`)
	unknownField = regexp.MustCompile(`field (\S+) not found in type .*$`)
)

// decodeYAML decodes data strictly (unknown fields are errors) into v and
// reports its problems at file lines; it returns nil when data is broken.
func decodeYAML(file string, data []byte, offset int, v any, probs *problems) *source {
	src := &source{file: file, offset: offset}
	if len(bytes.TrimSpace(data)) == 0 {
		probs.add(file, 1+offset, "the file has no content")
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil {
		var extra yaml.Node
		if dec.Decode(&extra) != io.EOF {
			probs.add(file, extra.Line+offset, "only one YAML document is allowed")
			return nil
		}
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) == 1 {
			src.root = doc.Content[0]
		}
		return src
	}
	var typeErr *yaml.TypeError
	messages := []string{err.Error()}
	if errors.As(err, &typeErr) {
		messages = typeErr.Errors
	}
	for _, m := range messages {
		line := 1
		if sub := yamlLine.FindStringSubmatch(m); sub != nil {
			line, _ = strconv.Atoi(sub[1])
			m = sub[2]
		}
		m = unknownField.ReplaceAllString(strings.TrimPrefix(m, "yaml: "), "unknown field $1")
		probs.add(file, line+offset, "%s", m)
	}
	return nil
}

// splitFrontMatter splits a Markdown file into its YAML front matter, between
// "---" lines at its top, and its body, with the line the body starts on.
func splitFrontMatter(data []byte) (frontMatter []byte, body string, bodyLine int, ok bool) {
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) == 0 || strings.TrimRight(lines[0], "\r\n") != "---" {
		return nil, "", 0, false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], "\r\n") == "---" {
			return []byte(strings.Join(lines[1:i], "")), strings.Join(lines[i+1:], ""), i + 2, true
		}
	}
	return nil, "", 0, false
}
