package store

import (
	"context"
	"crypto/sha256"
	"time"

	"sigap/internal/apperr"
)

// SpendChallenge records a solved proof-of-work challenge of the public
// form as used until expires, and reports whether it was new: false when
// any instance took it before. Only its hash is kept.
func (s *Store) SpendChallenge(ctx context.Context, challenge string, expires time.Time) (bool, error) {
	h := sha256.Sum256([]byte(challenge))
	res, err := s.db.W.ExecContext(ctx, `INSERT INTO pow_spent (challenge_hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, h[:], expires.UTC())
	if err != nil {
		return false, apperr.Wrap(err, "spend challenge")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.Wrap(err, "spend challenge")
}

// PurgeSpentChallenges forgets challenges that have expired: they are
// refused by their date anyway.
func (s *Store) PurgeSpentChallenges(ctx context.Context) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM pow_spent WHERE expires_at < $1`, s.Now().UTC())
	return apperr.Wrap(err, "purge challenges")
}
