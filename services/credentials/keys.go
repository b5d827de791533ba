package credentials

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"errors"

	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/guarded"
	"academy/services/kit/keyring"
)

// keyBits is the size of the RSA keys that sign credentials: RS256 is the
// algorithm every Open Badges 3.0 verifier accepts, and 3072 bits keep it
// sound for the years a credential lives.
const keyBits = 3072

// signingAlg is the JWS algorithm of credentials and status lists.
const signingAlg = "RS256"

// keysCollection holds one document per credential signing key.
const keysCollection = "credential_keys"

// Keyring holds the RSA keys that sign credentials. The newest key signs;
// every earlier key keeps its public half forever, because credentials it
// signed stay verifiable for as long as they are valid, which can be years.
type Keyring = keyring.Keyring[*rsa.PrivateKey, *rsa.PublicKey]

// signingKey is one key of the Keyring.
type signingKey = keyring.Key[*rsa.PrivateKey, *rsa.PublicKey]

// NewKeyring loads the credential signing keys from db, whose guarded writes
// go through w, creating the first one when there is none. Private keys are
// sealed by sealer unless it is nil.
func NewKeyring(ctx context.Context, db *mongo.Database, w *guarded.Writer, sealer *keyring.Sealer) (*Keyring, error) {
	return newKeyring(ctx, db, w, sealer, func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, keyBits) })
}

func newKeyring(ctx context.Context, db *mongo.Database, w *guarded.Writer, sealer *keyring.Sealer, generate func() (*rsa.PrivateKey, error)) (*Keyring, error) {
	return keyring.New(ctx, db.Collection(keysCollection), w, rsaKeys(generate), keyring.Options{
		Name: "credential signing key", Sealer: sealer,
	})
}

// rsaKeys stores RSA keys as PKCS #8 and PKIX DER.
func rsaKeys(generate func() (*rsa.PrivateKey, error)) keyring.Kind[*rsa.PrivateKey, *rsa.PublicKey] {
	return keyring.Kind[*rsa.PrivateKey, *rsa.PublicKey]{
		Alg: signingAlg,
		Generate: func() ([]byte, []byte, error) {
			priv, err := generate()
			if err != nil {
				return nil, nil, err
			}
			privDER, err := x509.MarshalPKCS8PrivateKey(priv)
			if err != nil {
				return nil, nil, err
			}
			pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
			return privDER, pubDER, err
		},
		ParsePublic: func(der []byte) (*rsa.PublicKey, error) {
			pub, err := x509.ParsePKIXPublicKey(der)
			if err != nil {
				return nil, err
			}
			rsaPub, ok := pub.(*rsa.PublicKey)
			if !ok {
				return nil, errors.New("the public key is not RSA")
			}
			return rsaPub, nil
		},
		ParsePrivate: func(der []byte, pub *rsa.PublicKey) (*rsa.PrivateKey, error) {
			priv, err := x509.ParsePKCS8PrivateKey(der)
			if err != nil {
				return nil, err
			}
			rsaPriv, ok := priv.(*rsa.PrivateKey)
			if !ok || !rsaPriv.PublicKey.Equal(pub) {
				return nil, errors.New("private and public keys do not match")
			}
			return rsaPriv, nil
		},
	}
}
