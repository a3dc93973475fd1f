package joinway

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"wecomdev/internal/wecom"
)

// Kinds of a join.
const (
	// JoinGroup: a customer joined a group (change_external_chat / add_member, then
	// groupchat/get showed the member with a state).
	JoinGroup = "group"
	// JoinContact: a member added a customer who came with a state (change_external_contact
	// / add_external_contact): a 「联系我」 config's state, shown the same way.
	JoinContact = "contact"
)

// Join is one customer the registry learnt of through a callback: who came by which
// state, into which chat, when. JoinWayID is the registry row of the state (0: the state is
// no join way of this registry).
type Join struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind"`
	State          string    `json:"state"`
	JoinWayID      int64     `json:"joinWayId"`
	ConfigID       string    `json:"configId,omitempty"`
	ChatID         string    `json:"chatId,omitempty"`
	ExternalUserID string    `json:"externalUserId"`
	UserID         string    `json:"userId,omitempty"` // the member who added the customer (contact)
	JoinScene      int       `json:"joinScene,omitempty"`
	JoinedAt       time.Time `json:"joinedAt"`
	RecordedAt     time.Time `json:"recordedAt"`
	// New: this call recorded it; false when it was known (a repeated delivery).
	New bool `json:"new"`
}

// MaxJoinsPerEvent bounds the members one event may record (a group holds at most 500,
// doc 92122's member_list; WeCom's QR-code groups 200).
const MaxJoinsPerEvent = 500

// RecordEvent records the joins a callback event tells of, each once, and returns them:
//   - change_external_chat / update / add_member: groupchat/get for the chat; each member
//     with a state (only those of MemChangeList when the event lists them) is a join. The
//     event itself names neither the join way nor, in older events, the member (doc 92130);
//     groupchat/get's member_list carries state and join_scene (doc 92122);
//   - change_external_contact / add_external_contact with a State: a join of kind contact.
//
// Other events record nothing. A join already recorded (a retried delivery: WeCom retries
// three times when it gets no answer in five seconds, doc 90930) comes back with New false.
func (s *Service) RecordEvent(ctx context.Context, ev wecom.CallbackEvent) ([]Join, error) {
	switch {
	case ev.IsMemberJoin():
		g, err := s.API.GetGroup(ctx, ev.ChatID)
		if err != nil {
			return nil, fmt.Errorf("read chat %s (groupchat/get) to learn who joined: %w", ev.ChatID, err)
		}
		out := []Join{}
		for _, m := range g.Members {
			if m.State == "" || (len(ev.MemChangeList) > 0 && !slices.Contains(ev.MemChangeList, m.UserID)) {
				continue
			}
			if len(out) == MaxJoinsPerEvent {
				break
			}
			j, err := s.recordJoin(ctx, Join{Kind: JoinGroup, State: m.State, ChatID: g.ChatID, ExternalUserID: m.UserID,
				JoinScene: m.JoinScene, JoinedAt: time.Unix(m.JoinTime, 0)})
			if err != nil {
				return out, err
			}
			out = append(out, j)
		}
		return out, nil
	case ev.IsContactAdded() && ev.State != "":
		j, err := s.recordJoin(ctx, Join{Kind: JoinContact, State: ev.State, ExternalUserID: ev.ExternalUserID,
			UserID: ev.UserID, JoinedAt: time.Unix(ev.CreateTime, 0)})
		if err != nil {
			return nil, err
		}
		return []Join{j}, nil
	}
	return []Join{}, nil
}

// recordJoin stores j unless it is known (same kind, chat, customer and join time).
func (s *Service) recordJoin(ctx context.Context, j Join) (Join, error) {
	if e, err := s.stateEntry(ctx, j.State); err == nil {
		j.JoinWayID, j.ConfigID = e.ID, e.ConfigID
	} else if !errors.Is(err, ErrNotFound) {
		return Join{}, err
	}
	j.RecordedAt = s.now()
	res, err := s.DB.ExecContext(ctx, `INSERT INTO joins(profile, kind, state, join_way_id, config_id, chat_id, external_user_id,
		user_id, join_scene, joined_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (profile, kind, chat_id, external_user_id, joined_at) DO NOTHING`,
		s.Profile, j.Kind, j.State, j.JoinWayID, j.ConfigID, j.ChatID, j.ExternalUserID, j.UserID, j.JoinScene,
		j.JoinedAt.Unix(), toMS(j.RecordedAt))
	if err != nil {
		return Join{}, fmt.Errorf("record the join of %s: %w", j.ExternalUserID, err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		j.ID, _ = res.LastInsertId()
		j.New = true
		return j, nil
	}
	known, err := s.joinsWhere(ctx, `kind = ? AND chat_id = ? AND external_user_id = ? AND joined_at = ?`,
		j.Kind, j.ChatID, j.ExternalUserID, j.JoinedAt.Unix())
	if err != nil || len(known) == 0 {
		return j, err
	}
	return known[0], nil
}

// stateEntry is the registry row of a state: the active one, else the newest.
func (s *Service) stateEntry(ctx context.Context, state string) (Entry, error) {
	if e, err := s.byState(ctx, s.DB, state); !errors.Is(err, ErrNotFound) {
		return e, err
	}
	return s.entryWhere(ctx, s.DB, `state = ? AND state <> ''`, state)
}

// Joins lists the profile's joins, newest first.
func (s *Service) Joins(ctx context.Context) ([]Join, error) {
	return s.joinsWhere(ctx, `1 = 1`)
}

func (s *Service) joinsWhere(ctx context.Context, where string, args ...any) ([]Join, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, kind, state, join_way_id, config_id, chat_id, external_user_id, user_id,
		join_scene, joined_at, recorded_at FROM joins WHERE profile = ? AND `+where+` ORDER BY joined_at DESC, id DESC`,
		append([]any{s.Profile}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("read the joins: %w", err)
	}
	defer rows.Close()
	out := []Join{}
	for rows.Next() {
		var j Join
		var joined, recorded int64
		if err := rows.Scan(&j.ID, &j.Kind, &j.State, &j.JoinWayID, &j.ConfigID, &j.ChatID, &j.ExternalUserID, &j.UserID,
			&j.JoinScene, &joined, &recorded); err != nil {
			return nil, fmt.Errorf("read the joins: %w", err)
		}
		j.JoinedAt, j.RecordedAt = time.Unix(joined, 0), ms(recorded)
		out = append(out, j)
	}
	return out, rows.Err()
}

// attachJoins puts each join on its registry row (Entry.Joins), by join-way id.
func attachJoins(entries []Entry, joins []Join) {
	byID := map[int64][]Join{}
	for _, j := range joins {
		if j.JoinWayID != 0 {
			byID[j.JoinWayID] = append(byID[j.JoinWayID], j)
		}
	}
	for i := range entries {
		entries[i].Joins = byID[entries[i].ID]
		if entries[i].Joins == nil {
			entries[i].Joins = []Join{}
		}
	}
}
