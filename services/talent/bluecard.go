package talent

import "academy/services/talent/bluecard"

// blueCardCheck compares the lower end of a permit-supporting opening's pay
// with the general threshold of its country; nil when the opening supports
// no permit, the country has no figure, or the pay cannot be compared
// (another currency, or hourly pay).
func blueCardCheck(t bluecard.Table, o Opening) *bluecard.Check {
	if !o.PermitSupport {
		return nil
	}
	c, ok := t.Check(o.Country, bluecard.Pay{Min: o.Pay.Min, Max: o.Pay.Max, Currency: o.Pay.Currency, Period: o.Pay.Period}, false)
	if !ok {
		return nil
	}
	return &c
}
