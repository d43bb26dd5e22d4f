package vault_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"sigap/internal/vault"
)

// A tenant's field sealed to its place, opened again, and printed by mistake.
func Example() {
	dir, _ := os.MkdirTemp("", "vault-example")
	defer os.RemoveAll(dir)
	master, err := vault.GenerateMasterKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		panic(err)
	}
	keys := vault.NewMemoryKeyStore() // in sigap, a store over the database
	if err := keys.AddTenant(master, 1); err != nil {
		panic(err)
	}
	kr := vault.NewKeyring(master, keys)
	ctx := context.Background()

	place := vault.Place{TenantID: 1, Table: "reports", Column: "victim_name", RowKey: "r-7Hq2"}
	c, err := kr.Seal(ctx, place, vault.NewSecret("Marisol Quispe"))
	if err != nil {
		panic(err)
	}
	name, err := kr.Open(ctx, place, c)
	if err != nil {
		panic(err)
	}
	fmt.Println(name)          // a log line written by mistake
	fmt.Println(name.Reveal()) // the deliberate read

	place.RowKey = "r-other"
	_, err = kr.Open(ctx, place, c)
	fmt.Println(err)
	// Output:
	// [sealed]
	// Marisol Quispe
	// vault: cannot decrypt
}
