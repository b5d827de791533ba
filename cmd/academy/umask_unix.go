//go:build unix

package main

import "syscall"

// restrictNewFiles makes every file and directory the process creates
// private to its user (0600 and 0700), whatever library creates them.
func restrictNewFiles() { syscall.Umask(0o077) }
