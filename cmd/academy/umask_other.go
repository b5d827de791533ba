//go:build !unix

package main

// restrictNewFiles has no umask to set outside Unix; the directory's own
// permissions protect it there.
func restrictNewFiles() {}
