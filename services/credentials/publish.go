package credentials

import (
	"context"
	"encoding/base64"
	"math/big"

	"academy/services/kit/apperr"
)

func (s *Service) jwk(k signingKey) JWK {
	return JWK{
		Kty: "RSA", N: base64.RawURLEncoding.EncodeToString(k.Public.N.Bytes()),
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.Public.E)).Bytes()),
		Kid: s.links.key(k.ID), Alg: signingAlg, Use: "sig",
	}
}

// JWKS returns every public key that verifies credentials, the signing key
// first. Keys are never withdrawn: old credentials stay verifiable.
func (s *Service) JWKS() JWKS {
	set := JWKS{Keys: []JWK{}}
	for _, k := range s.keys.Verifying() {
		set.Keys = append(set.Keys, s.jwk(k))
	}
	return set
}

// PublicKey returns the public key a kid names (its last path segment).
func (s *Service) PublicKey(id string) (JWK, error) {
	for _, k := range s.keys.Verifying() {
		if k.ID == id {
			return s.jwk(k), nil
		}
	}
	return JWK{}, apperr.NotFoundf("no credential key %s", id)
}

// IssuerProfile returns the Open Badges profile of an institution that has
// issued credentials here, with the keys that verify them.
func (s *Service) IssuerProfile(ctx context.Context, slug string) (IssuerProfile, error) {
	d, err := s.store.issuer(ctx, slug)
	if err != nil {
		return IssuerProfile{}, err
	}
	l := s.links
	id := l.issuer(d.Slug)
	p := IssuerProfile{
		Context: []string{contextOB, cidContext}, ID: id, Type: []string{"Profile"}, Name: d.Name, URL: d.Website,
		Description: hostedDescription(Issuer{Name: d.Name, Description: d.Description}, s.platform, l.base),
		Address:     &obAddress{Type: []string{"Address"}, AddressCountry: countryName(d.Country), AddressCountryCode: d.Country},
		OtherIdentifier: []obIdentifierEntry{
			{Type: "IdentifierEntry", Identifier: d.OrgID, IdentifierType: "systemId"},
			{Type: "IdentifierEntry", Identifier: l.base, IdentifierType: "ext:hostPlatform"},
		},
		VerificationMethod: []VerificationMethod{}, AssertionMethod: []string{}, JWKSURL: l.base + jwksWellKnownURL,
	}
	for _, k := range s.keys.Verifying() {
		jwk := s.jwk(k)
		p.VerificationMethod = append(p.VerificationMethod, VerificationMethod{ID: jwk.Kid, Type: "JsonWebKey", Controller: id, PublicKeyJWK: jwk})
		p.AssertionMethod = append(p.AssertionMethod, jwk.Kid)
	}
	return p, nil
}
