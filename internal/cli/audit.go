package cli

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sigap/internal/audit"
	"sigap/internal/store"
)

func (e *env) auditCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Verify, sign and export the tamper-evident audit trail",
		Long: "Every change sigap makes is recorded in a hash chain, one per government and one for the\n" +
			"installation. 'checkpoint' signs the head of each chain with the installation's signing key;\n" +
			"'verify' checks every event against its neighbours and the signed checkpoints; 'export' writes\n" +
			"a chain to a file that an outside auditor (the Inspektorat) can verify with the public key\n" +
			"alone, without access to the database.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(e.auditVerifyCommand(), e.auditExportCommand(), e.auditCheckpointCommand(), e.auditPublicKeyCommand())
	return cmd
}

const auditKeyFileHelp = "the audit signing key file (default SIGAP_AUDIT_KEY_FILE, or audit-signing.key in the data directory)"

// auditKeyPath is the --key-file flag, or the configured key file that
// 'sigap serve' signs with.
func (e *env) auditKeyPath(flag string) string {
	if flag != "" {
		return flag
	}
	return e.cfg.AuditKeyPath()
}

// loadAuditKey reads an existing signing key; unlike
// audit.LoadOrCreateSigningKey it never makes a new one, since a new key
// would make every existing checkpoint look forged.
func loadAuditKey(path string) (ed25519.PrivateKey, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("there is no audit signing key at %s: point --key-file at it, or give the published key with --public-key; a new installation gets its key from 'sigap audit checkpoint'", path)
	}
	key, _, err := audit.LoadOrCreateSigningKey(path)
	return key, err
}

// auditVerifyingKey is the public key to verify with: --public-key when given,
// else the one derived from the signing key file.
func (e *env) auditVerifyingKey(keyFile, publicKey string) (ed25519.PublicKey, error) {
	if publicKey != "" {
		pub, err := audit.ParsePublicKey(publicKey)
		if err != nil {
			return nil, fmt.Errorf("--public-key: %v", err)
		}
		return pub, nil
	}
	key, err := loadAuditKey(e.auditKeyPath(keyFile))
	if err != nil {
		return nil, err
	}
	return key.Public().(ed25519.PublicKey), nil
}

// auditChain is one chain and what to call it.
type auditChain struct {
	id         int64
	name       string
	tenantCode string
	tenantName string
}

// auditChains lists the chain of the --tenant given, or every chain: the
// installation's, every tenant's (even one whose events are all gone) and
// any other that has events.
func auditChains(ctx context.Context, s *store.Store, tenant string) ([]auditChain, error) {
	if tenant != "" {
		t, err := s.TenantByKey(ctx, tenant)
		if err != nil {
			return nil, fmt.Errorf("no tenant %q: see 'sigap tenant list'", tenant)
		}
		return []auditChain{{id: t.ID, name: t.Code + " " + t.Name, tenantCode: t.Code, tenantName: t.Name}}, nil
	}
	out := []auditChain{{id: 0, name: "installation"}}
	seen := map[int64]bool{0: true}
	tenants, err := s.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tenants {
		seen[t.ID] = true
		out = append(out, auditChain{id: t.ID, name: t.Code + " " + t.Name, tenantCode: t.Code, tenantName: t.Name})
	}
	ids, err := s.AuditChains(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !seen[id] {
			out = append(out, auditChain{id: id, name: fmt.Sprintf("unknown tenant %d", id)})
		}
	}
	return out, nil
}

// verifyAuditChain checks one chain in the database. Beyond store.VerifyChain,
// a tenant's chain may not be empty: it begins with the tenant's creation.
func verifyAuditChain(ctx context.Context, s *store.Store, c auditChain, pub ed25519.PublicKey) (int64, *audit.Problem, error) {
	n, p, err := s.VerifyChain(ctx, c.id, pub)
	if err == nil && p == nil && n == 0 && c.id != 0 && c.tenantCode != "" {
		p = &audit.Problem{Chain: c.id, Seq: 1, Reason: "the chain has no events, yet every government's chain begins with its creation: the events were deleted"}
	}
	return n, p, err
}

// auditLastCheckpoint returns the sequence number and key ID of a chain's newest
// checkpoint; zero and "" when it has none.
func auditLastCheckpoint(ctx context.Context, s *store.Store, chain int64) (int64, string, error) {
	cps, err := s.Checkpoints(ctx, chain)
	if err != nil || len(cps) == 0 {
		return 0, "", err
	}
	c := cps[len(cps)-1]
	return c.Seq, c.KeyID, nil
}

func (e *env) auditVerifyCommand() *cobra.Command {
	var tenant, keyFile, publicKey, file string
	c := &cobra.Command{
		Use:   "verify",
		Short: "Check that no audit event was changed, deleted, inserted or reordered",
		Long: "Check every chain in the database (or one, with --tenant): each event must match its hash\n" +
			"and link to the one before, and each signed checkpoint must be valid for the public key and\n" +
			"match the events. The key is derived from the signing key file, or given with --public-key.\n\n" +
			"With --file, check an export file instead, with no database at all: this is what an outside\n" +
			"auditor does with the file and the public key published to them. The exit status is non-zero\n" +
			"when anything is wrong.",
		Example: "  sigap audit verify\n" +
			"  sigap audit verify --tenant kab-serang --public-key 3f9a…\n" +
			"  sigap audit verify --file kab-serang-audit.jsonl --public-key 3f9a…",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file != "" {
				if publicKey == "" {
					return errors.New("verifying an export needs the public key you were given: add --public-key HEX (the operator prints it with 'sigap audit public-key'); the key written inside the file proves nothing")
				}
				if tenant != "" {
					return errors.New("--tenant does not apply to --file: an export holds one chain")
				}
				return e.auditVerifyFile(file, publicKey)
			}
			pub, err := e.auditVerifyingKey(keyFile, publicKey)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			s, done, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			chains, err := auditChains(ctx, s, tenant)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Verifying with public key %s (key ID %s).\n\n", hex.EncodeToString(pub), audit.KeyID(pub))
			w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "CHAIN\tNAME\tEVENTS\tLAST CHECKPOINT\tRESULT")
			bad := 0
			var otherKeys []string
			for _, ch := range chains {
				n, p, err := verifyAuditChain(ctx, s, ch, pub)
				if err != nil {
					w.Flush()
					return err
				}
				last, keyID, err := auditLastCheckpoint(ctx, s, ch.id)
				if err != nil {
					w.Flush()
					return err
				}
				if keyID != "" && keyID != audit.KeyID(pub) {
					otherKeys = append(otherKeys, fmt.Sprintf("chain %d was last signed with key ID %s", ch.id, keyID))
				}
				lastText := "none"
				if last > 0 {
					lastText = fmt.Sprint(last)
				}
				fmt.Fprintf(w, "%d\t%s\t%d\t%s\t%s\n", ch.id, ch.name, n, lastText, auditVerdict(p, n, last))
				if p != nil {
					bad++
				}
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if len(otherKeys) > 0 {
				fmt.Fprintf(e.stdout, "\nNote: %s, not %s: check that you verify with the right key.\n", strings.Join(otherKeys, "; "), audit.KeyID(pub))
			}
			if bad > 0 {
				return fmt.Errorf("%d of %d audit chains failed verification: unless the note above shows a wrong key, the trail was changed outside sigap. Keep this database untouched as evidence, and compare it with your backups and earlier exports", bad, len(chains))
			}
			if len(chains) == 1 {
				fmt.Fprintln(e.stdout, "\nThe audit chain is intact.")
			} else {
				fmt.Fprintf(e.stdout, "\nAll %d audit chains are intact.\n", len(chains))
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&tenant, "tenant", "", "verify only this government's chain (code or slug)")
	f.StringVar(&keyFile, "key-file", "", auditKeyFileHelp)
	f.StringVar(&publicKey, "public-key", "", "verify with this public key (64 hex digits) instead of the key file")
	f.StringVar(&file, "file", "", "verify this export file instead of the database; needs --public-key")
	return c
}

// auditVerdict sums up one chain's verification.
func auditVerdict(p *audit.Problem, events, lastCheckpoint int64) string {
	switch {
	case p != nil:
		return "FAILED: " + p.Error()
	case events == 0:
		return "OK (no events)"
	case lastCheckpoint == 0:
		return "OK, but no checkpoint yet: run 'sigap audit checkpoint'"
	case lastCheckpoint < events:
		return fmt.Sprintf("OK (events %d–%d not yet covered by a checkpoint)", lastCheckpoint+1, events)
	}
	return "OK"
}

// auditVerifyFile checks an export file offline.
func (e *env) auditVerifyFile(name, publicKey string) error {
	pub, err := audit.ParsePublicKey(publicKey)
	if err != nil {
		return fmt.Errorf("--public-key: %v", err)
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", name, err)
	}
	defer f.Close()
	res, err := audit.VerifyExport(f, pub)
	var fe *audit.FormatError
	if errors.As(err, &fe) {
		return fmt.Errorf("%s is not a valid audit export (%v): it cannot be trusted; ask for a new export", name, fe)
	} else if err != nil {
		return fmt.Errorf("cannot read %s: %v", name, err)
	}
	h := res.Header
	who := "installation"
	if h.TenantCode != "" || h.TenantName != "" {
		who = h.TenantCode + " " + h.TenantName
	}
	fmt.Fprintf(e.stdout, "File:            %s\n", name)
	fmt.Fprintf(e.stdout, "Chain:           %d (%s), exported %s\n", h.Chain, who, h.ExportedAt.UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(e.stdout, "Public key:      %s (key ID %s)\n", hex.EncodeToString(pub), audit.KeyID(pub))
	if h.KeyID != "" && h.KeyID != audit.KeyID(pub) {
		fmt.Fprintf(e.stdout, "                 the file says it was signed with key ID %s, not the key you gave\n", h.KeyID)
	}
	last := "none"
	if res.LastCheckpoint > 0 {
		last = fmt.Sprintf("event %d", res.LastCheckpoint)
	}
	fmt.Fprintf(e.stdout, "Events:          %d\n", res.Events)
	fmt.Fprintf(e.stdout, "Checkpoints:     %d, the last at %s\n", res.Checkpoints, last)
	if p := res.Problem; p != nil {
		where := ""
		if res.Line > 0 {
			where = fmt.Sprintf(" (line %d of the file)", res.Line)
		}
		fmt.Fprintf(e.stdout, "Result:          FAILED: %s%s\n", p.Error(), where)
		return fmt.Errorf("the export failed verification: %s%s. The file or the trail it came from was changed; it cannot be trusted", p.Error(), where)
	}
	fmt.Fprintf(e.stdout, "Result:          %s\n", auditVerdict(nil, res.Events, res.LastCheckpoint))
	if res.Checkpoints == 0 && res.Events > 0 {
		fmt.Fprintln(e.stdout, "Without a checkpoint the file only shows it is self-consistent, not that sigap wrote it.")
	}
	return nil
}

// auditPlural writes "1 event", "2 events".
func auditPlural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// errAuditScanDone ends a scan early; it is not a failure.
var errAuditScanDone = errors.New("stop")

func (e *env) auditExportCommand() *cobra.Command {
	var tenant, out, keyFile, publicKey string
	var force bool
	c := &cobra.Command{
		Use:   "export",
		Short: "Write a government's audit chain to a file for an outside auditor",
		Long: "Write one chain, its signed checkpoints and its events, to a JSON Lines file that can be\n" +
			"verified anywhere with 'sigap audit verify --file FILE --public-key HEX'. The file holds\n" +
			"who did what to which object and when, never the content of reports or cases. Without\n" +
			"--tenant, the installation's chain is exported.",
		Example: "  sigap audit export --tenant kab-serang --out kab-serang-audit.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !force {
				if _, err := os.Stat(out); err == nil {
					return fmt.Errorf("%s already exists: choose another --out, or add --force to replace it", out)
				}
			}
			ctx := cmd.Context()
			s, done, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			ch := auditChain{id: 0, name: "installation"}
			if tenant != "" {
				chains, err := auditChains(ctx, s, tenant)
				if err != nil {
					return err
				}
				ch = chains[0]
			}
			var pub ed25519.PublicKey
			if publicKey != "" {
				if pub, err = audit.ParsePublicKey(publicKey); err != nil {
					return fmt.Errorf("--public-key: %v", err)
				}
			} else if key, err := loadAuditKey(e.auditKeyPath(keyFile)); err == nil {
				pub = key.Public().(ed25519.PublicKey)
			} else {
				fmt.Fprintf(e.stderr, "Note: %v.\nThe export carries no public key; the auditor must use the one published to them anyway.\n", err)
			}
			n, cps, err := writeAuditExport(ctx, s, ch, pub, out, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Exported chain %d (%s): %s and %s to %s.\n", ch.id, ch.name, auditPlural(n, "event"), auditPlural(int64(cps), "checkpoint"), out)
			if pub != nil {
				fmt.Fprintf(e.stdout, "The auditor checks it with:\n  sigap audit verify --file %s --public-key %s\n", out, hex.EncodeToString(pub))
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&tenant, "tenant", "", "government (code or slug); omit for the installation's chain")
	f.StringVar(&out, "out", "", "file to write")
	f.BoolVar(&force, "force", false, "replace the file if it exists")
	f.StringVar(&keyFile, "key-file", "", auditKeyFileHelp+", whose public key goes in the file's header")
	f.StringVar(&publicKey, "public-key", "", "public key for the header when the key file is kept elsewhere")
	c.MarkFlagRequired("out")
	return c
}

// writeAuditExport writes the chain to a temporary file beside out and renames
// it into place, so that out is either the old file or the whole export.
// Events committed while it runs, after the head it read, are left out.
func writeAuditExport(ctx context.Context, s *store.Store, ch auditChain, pub ed25519.PublicKey, out string, force bool) (int64, int, error) {
	cps, err := s.Checkpoints(ctx, ch.id)
	if err != nil {
		return 0, 0, err
	}
	head, _, err := s.AuditHead(ctx, ch.id)
	if err != nil {
		return 0, 0, err
	}
	h := audit.ExportHeader{Chain: ch.id, TenantCode: ch.tenantCode, TenantName: ch.tenantName, HeadSeq: head, ExportedAt: s.Now()}
	// A chain whose oldest events were purged starts at its anchor.
	anchor, anchorHash, err := s.AuditAnchor(ctx, ch.id)
	if err != nil {
		return 0, 0, err
	}
	if anchor > 0 {
		h.AnchorSeq, h.AnchorHash = anchor, hex.EncodeToString(anchorHash)
	}
	if pub != nil {
		h.PublicKey, h.KeyID = hex.EncodeToString(pub), audit.KeyID(pub)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return 0, 0, fmt.Errorf("cannot write beside %s: %v", out, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name()) // gone already after a successful rename
	}()
	x, err := audit.NewExportWriter(tmp, h)
	if err != nil {
		return 0, 0, err
	}
	for _, c := range cps {
		if err := x.Checkpoint(c); err != nil {
			return 0, 0, err
		}
	}
	err = s.ScanAudit(ctx, ch.id, func(ev audit.Event) error {
		if ev.Seq > head {
			return errAuditScanDone
		}
		return x.Event(ev)
	})
	if err != nil && !errors.Is(err, errAuditScanDone) {
		return 0, 0, err
	}
	if err := x.Close(); err != nil {
		return 0, 0, fmt.Errorf("cannot write %s: %v", out, err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, 0, fmt.Errorf("cannot write %s: %v", out, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, 0, fmt.Errorf("cannot write %s: %v", out, err)
	}
	if !force {
		// Link refuses to replace a file that appeared meanwhile.
		err := os.Link(tmp.Name(), out)
		if err == nil {
			return x.Events, x.Checkpoints, nil
		}
		// A file system without hard links gets the check and the rename
		// one after the other instead.
		if _, serr := os.Stat(out); errors.Is(err, os.ErrExist) || serr == nil {
			return 0, 0, fmt.Errorf("%s already exists: choose another --out, or add --force to replace it", out)
		}
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return 0, 0, fmt.Errorf("cannot write %s: %v", out, err)
	}
	return x.Events, x.Checkpoints, nil
}

func (e *env) auditCheckpointCommand() *cobra.Command {
	var keyFile string
	c := &cobra.Command{
		Use:   "checkpoint",
		Short: "Sign the current head of every audit chain",
		Long: "Verify each chain and sign its newest event with the installation's signing key. Events up\n" +
			"to a checkpoint cannot be changed or removed without anyone holding the public key noticing,\n" +
			"even someone with full control of the database. A chain that fails verification is not\n" +
			"signed. The signing key is created on first use: back it up and publish its public key.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			s, done, err := e.openStore(ctx, false)
			if err != nil {
				return err
			}
			defer done()
			chains, err := auditChains(ctx, s, "")
			if err != nil {
				return err
			}
			path := e.auditKeyPath(keyFile)
			if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
				// A missing key where checkpoints exist is a lost key, not a
				// new installation: a new one would make them all fail.
				for _, ch := range chains {
					cps, err := s.Checkpoints(ctx, ch.id)
					if err != nil {
						return err
					}
					if len(cps) > 0 {
						return fmt.Errorf("the audit trail already has checkpoints signed with key ID %s, but there is no signing key at %s: restore the key file from its backup, or point --key-file at it", cps[len(cps)-1].KeyID, path)
					}
				}
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					return fmt.Errorf("cannot create the directory for the signing key: %v", err)
				}
			}
			key, created, err := audit.LoadOrCreateSigningKey(path)
			if err != nil {
				return err
			}
			pub := key.Public().(ed25519.PublicKey)
			if created {
				auditNewKeyWarning(e.stderr, path, pub)
			}
			for _, ch := range chains {
				_, keyID, err := auditLastCheckpoint(ctx, s, ch.id)
				if err != nil {
					return err
				}
				if keyID != "" && keyID != audit.KeyID(pub) {
					return fmt.Errorf("chain %d (%s) was last signed with key ID %s, but %s holds key ID %s: point --key-file at the key that signed it", ch.id, ch.name, keyID, path, audit.KeyID(pub))
				}
			}
			bad := 0
			for _, ch := range chains {
				n, p, err := verifyAuditChain(ctx, s, ch, pub)
				if err != nil {
					return err
				}
				if p != nil {
					bad++
					fmt.Fprintf(e.stdout, "chain %d (%s): NOT signed, it failed verification: %s\n", ch.id, ch.name, p.Error())
					continue
				}
				if n == 0 {
					continue
				}
				signed, err := s.Checkpoint(ctx, ch.id, key)
				if err != nil {
					return err
				}
				last, err := s.LastCheckpointSeq(ctx, ch.id)
				if err != nil {
					return err
				}
				if signed {
					fmt.Fprintf(e.stdout, "chain %d (%s): signed up to event %d\n", ch.id, ch.name, last)
				} else {
					fmt.Fprintf(e.stdout, "chain %d (%s): already signed up to event %d\n", ch.id, ch.name, last)
				}
			}
			if bad > 0 {
				return fmt.Errorf("%d audit chains failed verification and were not signed: run 'sigap audit verify' for details, and keep this database untouched as evidence", bad)
			}
			return nil
		},
	}
	c.Flags().StringVar(&keyFile, "key-file", "", auditKeyFileHelp+"; created when missing")
	return c
}

// auditNewKeyWarning tells the operator loudly what a new signing key demands.
func auditNewKeyWarning(w io.Writer, path string, pub ed25519.PublicKey) {
	fmt.Fprintf(w, `
************************************************************************
A NEW AUDIT SIGNING KEY WAS CREATED: %s

1. BACK IT UP NOW, offline and apart from the database backups. Without
   it no new checkpoint can be signed that matches the published key;
   whoever holds it can sign a rewritten trail.
2. PUBLISH THE PUBLIC KEY to the Inspektorat and keep a dated copy on
   paper, so that exports can be checked against it:
     public key  %s
     key ID      %s
   ('sigap audit public-key' prints it again.)
************************************************************************

`, path, hex.EncodeToString(pub), audit.KeyID(pub))
}

func (e *env) auditPublicKeyCommand() *cobra.Command {
	var keyFile string
	var bare bool
	c := &cobra.Command{
		Use:   "public-key",
		Short: "Print the public key that verifies the audit checkpoints",
		Long: "Print the public key of the audit signing key and its key ID. Publish it to the\n" +
			"Inspektorat (a signed letter, on paper): with it and an export file they can check the trail\n" +
			"without trusting this server. The key itself stays secret.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			key, err := loadAuditKey(e.auditKeyPath(keyFile))
			if err != nil {
				return err
			}
			pub := key.Public().(ed25519.PublicKey)
			if bare {
				fmt.Fprintln(e.stdout, hex.EncodeToString(pub))
				return nil
			}
			fmt.Fprintf(e.stdout, "Public key: %s\nKey ID:     %s\n", hex.EncodeToString(pub), audit.KeyID(pub))
			fmt.Fprintln(e.stderr, "Give this public key to the Inspektorat; they verify an export with\n  sigap audit verify --file FILE --public-key "+hex.EncodeToString(pub))
			return nil
		},
	}
	c.Flags().StringVar(&keyFile, "key-file", "", auditKeyFileHelp)
	c.Flags().BoolVar(&bare, "hex", false, "print only the 64 hex digits, for scripts")
	return c
}
