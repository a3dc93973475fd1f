package app

// Event names, "domain:event". Mirrored in frontend/src/api/events.ts (a test checks).
const (
	// EventSettingsChanged carries a settings.Snapshot after every saved change.
	EventSettingsChanged = "settings:changed"
)

// eventNames lists every event, for the mirror test.
var eventNames = []string{EventSettingsChanged}
