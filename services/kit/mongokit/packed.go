package mongokit

import (
	"fmt"

	"github.com/klauspost/compress/zstd"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/bson/primitive"
)

// Packed is a value stored as one binary BSON value: for a part of a
// document that is read and written whole and never queried. The embedded
// database parses every nested field of a document on each read and write;
// a binary value it passes along as it is. A value stored unpacked, as
// before a field was packed, reads as well.
//
// A value of compressAbove bytes or more is stored compressed (zstd): the
// embedded database spends about as much on each kilobyte it stores or
// reads as on a small document, and packed values (explanations, lists of
// ids) repeat their field names and prefixes.
type Packed[T any] struct {
	V T
}

const (
	compressAbove = 256
	// compressedBSON is the binary subtype of a compressed value, in the
	// range BSON leaves to applications; plain values keep subtype 0.
	compressedBSON byte = 0x80
)

// The encoder and decoder are safe for concurrent use: one of each serves
// every packed value.
var (
	packEncoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	packDecoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
)

// packed wraps the value, as a document is what BSON encodes at its top.
type packed[T any] struct {
	V T `bson:"v"`
}

// MarshalBSONValue encodes the value as binary BSON.
func (p Packed[T]) MarshalBSONValue() (bsontype.Type, []byte, error) {
	doc, err := bson.Marshal(packed[T]{V: p.V})
	if err != nil {
		return 0, nil, err
	}
	if len(doc) >= compressAbove {
		return bson.MarshalValue(primitive.Binary{Subtype: compressedBSON, Data: packEncoder.EncodeAll(doc, nil)})
	}
	return bson.MarshalValue(primitive.Binary{Data: doc})
}

// UnmarshalBSONValue decodes a value encoded by MarshalBSONValue, or the
// value itself stored unpacked.
func (p *Packed[T]) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	if t != bson.TypeBinary {
		if err := (bson.RawValue{Type: t, Value: data}).Unmarshal(&p.V); err != nil {
			return fmt.Errorf("packed value: %w", err)
		}
		return nil
	}
	var bin primitive.Binary
	if err := (bson.RawValue{Type: t, Value: data}).Unmarshal(&bin); err != nil {
		return fmt.Errorf("packed value: %w", err)
	}
	doc := bin.Data
	if bin.Subtype == compressedBSON {
		var err error
		if doc, err = packDecoder.DecodeAll(bin.Data, nil); err != nil {
			return fmt.Errorf("packed value: %w", err)
		}
	}
	var w packed[T]
	if err := bson.Unmarshal(doc, &w); err != nil {
		return fmt.Errorf("packed value: %w", err)
	}
	p.V = w.V
	return nil
}

// PackedList is a list stored as Packed is, for a field that code reads
// and writes as a plain slice: a []T assigns to it and it passes as one.
type PackedList[T any] []T

// MarshalBSONValue encodes the list as Packed does.
func (l PackedList[T]) MarshalBSONValue() (bsontype.Type, []byte, error) {
	return MarshalPacked([]T(l))
}

// UnmarshalBSONValue decodes a list encoded by MarshalBSONValue, or stored
// unpacked.
func (l *PackedList[T]) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	return UnmarshalPacked(t, data, (*[]T)(l))
}

// MarshalPacked encodes v as Packed does, for the MarshalBSONValue of a
// type stored packed wherever it is stored; F is that type's twin without
// its methods, as in `type fields T`.
func MarshalPacked[F any](v F) (bsontype.Type, []byte, error) {
	return Packed[F]{V: v}.MarshalBSONValue()
}

// UnmarshalPacked decodes into v what MarshalPacked encoded, or the value
// stored unpacked, for the UnmarshalBSONValue of such a type.
func UnmarshalPacked[F any](t bsontype.Type, data []byte, v *F) error {
	var p Packed[F]
	err := p.UnmarshalBSONValue(t, data)
	*v = p.V
	return err
}
