//go:build bindings

package main

// Wails generates the frontend bindings by building this program with the "bindings" tag
// and running it. That run needs no display and must not touch the user's data.
func init() { bindingsRun = true }
