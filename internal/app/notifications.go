package app

import (
	"context"

	"sigap/internal/identity"
	"sigap/internal/store"
)

// Notifications returns the caller's latest notifications and how many
// are unread. Everyone signed in has their own.
func (a *App) Notifications(ctx context.Context, u identity.User) ([]store.Notification, int, error) {
	return a.Store.Notifications(ctx, u.ID, 100)
}

// UnreadNotifications counts the caller's unread notifications.
func (a *App) UnreadNotifications(ctx context.Context, u identity.User) (int, error) {
	return a.Store.UnreadNotifications(ctx, u.ID)
}

// MarkNotificationsRead marks all the caller's notifications read.
func (a *App) MarkNotificationsRead(ctx context.Context, u identity.User) error {
	return a.Store.MarkNotificationsRead(ctx, u.ID, "")
}
