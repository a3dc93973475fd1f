package app

// Event names, "domain:event". Mirrored in frontend/src/api/events.ts (a test checks).
const (
	// EventSettingsChanged carries a settings.Snapshot after every saved change.
	EventSettingsChanged = "settings:changed"
	// EventTicketsChanged carries a tickets.Status after every fetch, success or failure.
	EventTicketsChanged = "tickets:changed"
	// EventDevServerStatus carries a DevServerStatus after start, stop and every change.
	EventDevServerStatus = "devserver:status"
	// EventDevServerRequests carries a RequestsEvent: the requests logged since the last one.
	EventDevServerRequests = "devserver:requests"
	// EventTunnelStatus carries a TunnelView after every change of the tunnel.
	EventTunnelStatus = "tunnel:status"
	// EventJoinWayPool carries a joinway.PoolStatus after every change of a profile's
	// buffer pool; Low is the alert to build more groups.
	EventJoinWayPool = "joinway:pool"
	// EventJoinWayBatch carries a BatchEvent after each code of a batch and when it ends.
	EventJoinWayBatch = "joinway:batch"
	// EventNetworkUpdate carries a NetworkUpdateEvent: a page's captured requests (and its
	// environment when it changed), after every batch the reporter sent.
	EventNetworkUpdate = "network:update"
)

// eventNames lists every event, for the mirror test.
var eventNames = []string{EventSettingsChanged, EventTicketsChanged, EventDevServerStatus, EventDevServerRequests, EventTunnelStatus, EventJoinWayPool, EventJoinWayBatch, EventNetworkUpdate}
