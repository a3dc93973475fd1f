//go:build !windows

package main

// useParentConsole is for Windows' GUI-subsystem build (main_windows.go); elsewhere a
// program started from a terminal already has its streams.
func useParentConsole() {}
