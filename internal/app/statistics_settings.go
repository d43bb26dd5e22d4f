package app

import (
	"context"
	"strconv"
	"strings"

	"sigap/internal/access"
	"sigap/internal/apperr"
	"sigap/internal/disclosure"
	"sigap/internal/identity"
)

// StatsMin is the government's threshold for counts shown to those not
// entitled to the cases behind them (analysts, leaders, the public page,
// oversight): a count from 1 to StatsMin-1 is hidden.
func (a *App) StatsMin(ctx context.Context, tenantID int64) (int, error) {
	return a.Store.StatsMin(ctx, tenantID)
}

// SetStatsMin checks and records the government's threshold.
func (a *App) SetStatsMin(ctx context.Context, u identity.User, value string) error {
	if err := access.Check(u, access.ManageStatistics); err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < disclosure.MinLeast || n > disclosure.MaxLeast {
		return apperr.InvalidField("min_count", "statistics.error.min_count", map[string]any{"Min": disclosure.MinLeast, "Max": disclosure.MaxLeast})
	}
	if err := a.Store.SetStatsMin(ctx, actor(u), u.TenantID, n); err != nil {
		return err
	}
	a.dropFigures(u.TenantID) // the public page hides by the new threshold at once
	return nil
}
