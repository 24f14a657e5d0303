package auth

// Principal is who made a request.
type Principal struct {
	Account     string // 12 digits
	Region      string // from the credential scope (or the default)
	AccessKeyID string
	PartnerName string // strict mode: the partner_name this account owns ("" if none)
	Strict      bool   // true when identities are enforced (partner rules apply)
}
