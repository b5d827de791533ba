package grading

import (
	"regexp"
	"strings"
)

// normalizeText trims s and collapses every run of inner white space to one
// space, so that "neural   network " and "neural network" compare equal.
func normalizeText(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// textMatches reports whether the learner's text equals one of the accepted
// answers after normalisation, ignoring case unless caseSensitive.
func textMatches(text string, accepted []string, caseSensitive bool) bool {
	text = normalizeText(text)
	for _, a := range accepted {
		a = normalizeText(a)
		if text == a || (!caseSensitive && strings.EqualFold(text, a)) {
			return true
		}
	}
	return false
}

// compilePattern compiles an authored short-answer pattern so that it must
// match the whole answer, ignoring case unless caseSensitive.
func compilePattern(pattern string, caseSensitive bool) (*regexp.Regexp, error) {
	// Compiling it alone first keeps a pattern such as "a)|(b" from escaping
	// the anchoring group below.
	if _, err := regexp.Compile(pattern); err != nil {
		return nil, err
	}
	flags := "(?i)"
	if caseSensitive {
		flags = ""
	}
	return regexp.Compile(flags + `^(?:` + pattern + `)$`)
}
