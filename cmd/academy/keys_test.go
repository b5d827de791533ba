package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

func randomKEK(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func TestKeyEncryptionKeySealsTheSigningKeys(t *testing.T) {
	ta := newTestAcademy(t, func(c *Config) { c.KeyEncryptionKey = randomKEK(32) })
	ctx := context.Background()
	for _, coll := range []string{"signing_keys", "credential_keys"} {
		cur, err := ta.p.db.Collection(coll).Find(ctx, bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 {
			t.Fatalf("no key in %s", coll)
		}
		for _, d := range docs {
			if d["private_key"] != nil || d["sealed_private_key"] == nil {
				t.Errorf("%s holds a private key in the clear: %v", coll, d["_id"])
			}
		}
	}

	tests := []struct{ name, kek, want string }{
		{"another key", randomKEK(32), "ACADEMY_KEY_ENCRYPTION_KEY is not the key that sealed them"},
		{"no key", "", "set ACADEMY_KEY_ENCRYPTION_KEY to the key that sealed them"},
		{"not base64", "not base64!", "ACADEMY_KEY_ENCRYPTION_KEY is not base64"},
		{"too short", randomKEK(16), "ACADEMY_KEY_ENCRYPTION_KEY: the key encryption key has 16 bytes, want 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := *ta.cfg
			cfg.KeyEncryptionKey = tt.kek
			log := cfg.logger()
			p, err := openPlatform(ctx, &cfg, log)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			a, err := newAcademy(ctx, &cfg, log, p)
			if err == nil {
				a.Close()
				t.Fatal("the platform started")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("start failed with %q, want it to say %q", err, tt.want)
			}
		})
	}
}
