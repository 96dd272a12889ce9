/// What the leak check (DESIGN "Leak, defined") makes of a column masked by a rule: whether its originals are
/// secrets wherever they appear, and how its outputs are searched.
///
/// Text the run passes through unchanged — kept columns, and the untouched parts of `scrub` and `json` values — is
/// where an original survives when a profile is wrong, so every occurrence there counts. A rule that replaces a
/// whole value computes the output from that value alone (and the key): its output can *equal* another row's
/// original only by coincidence when both live in the same space (a format-preserving phone or SSN, a synthetic
/// street address) — the case DESIGN excludes ("a synthetic value that happens to equal some other row's original
/// ... is not a leak"), and at a million rows such coincidences are certain, not rare. So in a replaced field only
/// an original found strictly inside it counts (`Contact: jane@corp.com` planted where a token belongs), and
/// synthetic generators' fields, composed from the same names and words originals are made of (`samuel.hayes` in a
/// fake email), are checked against their own row's original only.
public enum LeakRole: Sendable, Hashable {
    /// The default: the original is sensitive wherever it appears. An output equal to its own row's original is a
    /// leak; an original of eight or more characters inside any passed-through field, or strictly inside another
    /// replaced field, is a leak (an email, a phone or card number, a street address, a full name, a username).
    case secret
    /// Like ``secret`` for the original; the output is a synthetic composition of names and words (`fake.*`), so it
    /// is compared with its own row's original only.
    case secretSynthetic
    /// The original is a word of a public vocabulary (a first name, a city, a job title) or a perturbed quantity
    /// (a shifted date, an amount with noise): sensitive only in its own row. An output equal to its own row's
    /// original is a leak; the same word elsewhere — a kept album titled "New York" — is not.
    case ownRowOnly
    /// The output may equal the input by design (`generalize`: a date already on the first of its month): no check.
    case unchecked
    /// The rule masks what it finds inside the value and passes the rest through (`scrub`, `json`): like a kept
    /// column, its output is searched for other columns' originals; the value as a whole is not itself a secret.
    case passesThrough
}
