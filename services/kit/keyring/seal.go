package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// KeySize is the size of a key encryption key: AES-256.
const KeySize = 32

var (
	// ErrSealed reports a sealed private key and no Sealer to open it.
	ErrSealed = errors.New("the private key is sealed and no key encryption key is set")
	// ErrWrongKey reports a sealed private key the Sealer cannot open: it was
	// sealed under another key encryption key, or altered.
	ErrWrongKey = errors.New("the key encryption key does not open the sealed private key")
)

// Sealer encrypts private keys at rest with AES-256-GCM under a key
// encryption key, binding each to its key id so a sealed key cannot be
// passed off as another.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer returns a Sealer for a key encryption key of KeySize bytes.
func NewSealer(kek []byte) (*Sealer, error) {
	if len(kek) != KeySize {
		return nil, fmt.Errorf("the key encryption key has %d bytes, want %d", len(kek), KeySize)
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// seal returns a random nonce followed by the ciphertext of private.
func (s *Sealer) seal(id string, private []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(private)+s.aead.Overhead())
	rand.Read(nonce) // never fails since Go 1.24
	return s.aead.Seal(nonce, nonce, private, []byte(id))
}

// open returns the private key sealed for key id.
func (s *Sealer) open(id string, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, ErrWrongKey
	}
	private, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(id))
	if err != nil {
		return nil, ErrWrongKey
	}
	return private, nil
}
