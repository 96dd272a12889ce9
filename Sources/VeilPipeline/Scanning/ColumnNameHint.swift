/// What a column's name says it holds, from its words (`BillingPostalCode` → billing, postal, code).
public enum ColumnNameHint: String, Sendable, Hashable, CaseIterable {
    case identifier, timestamp, email, phone, ip, card, iban, ssn, birthDate, secret, username
    case firstName, lastName, fullName, genericName, company, jobTitle, title
    case streetAddress, city, postcode, region, country
    case picture, freeText, salary, sensitive
    case none

    /// The hint for a column name; `none` when the name says nothing Veil knows.
    public init(columnName: String) {
        let words = Self.words(of: columnName)
        let joined = words.joined(separator: "_")
        let set = Set(words)
        func has(_ any: String...) -> Bool { any.contains { set.contains($0) } }
        let last = words.last ?? ""
        switch true {
        case joined == "id" || last == "id" || last == "uuid" || last == "guid" || joined.hasSuffix("_key"):
            self = .identifier
        case has("email", "emailaddress") || joined.contains("e_mail") || joined.hasSuffix("email"):
            self = .email
        case has("ip", "ipaddress", "ipaddr", "inet") || joined == "remote_addr":
            self = .ip
        case has("phone", "telephone", "tel", "mobile", "fax", "cellphone", "msisdn") || joined == "cell":
            self = .phone
        case has("iban"):
            self = .iban
        case has("ssn") || joined.contains("social_security"):
            self = .ssn
        case has("card", "cc", "creditcard", "pan") && (has("number", "no", "num", "nr") || words.count == 1)
            || has("creditcard", "cardnumber"):
            self = .card
        case has("birth", "dob", "birthday", "birthdate", "born"):
            self = .birthDate
        case has("password", "passwd", "pwd", "secret", "token", "salt", "hash", "apikey", "otp")
            || joined.contains("api_key"):
            self = .secret
        case ["username", "user_name", "login", "handle", "nickname", "screen_name", "user_login"].contains(joined):
            self = .username
        case ["first_name", "firstname", "given_name", "givenname", "forename", "fname", "first"].contains(joined)
            || (has("first", "given") && has("name")):
            self = .firstName
        case ["last_name", "lastname", "surname", "family_name", "familyname", "lname", "last"].contains(joined)
            || (has("last", "family") && has("name")) || has("surname"):
            self = .lastName
        case [
            "full_name", "fullname", "display_name", "contact_name", "person_name", "customer_name",
            "employee_name", "patient_name", "contact", "maiden_name", "middle_name",
        ].contains(joined):
            self = .fullName
        case joined == "name":
            self = .genericName
        case has("company", "organization", "organisation", "employer", "business", "companyname"):
            self = .company
        case joined == "job_title" || joined == "jobtitle" || joined == "position" || joined == "occupation":
            self = .jobTitle
        case joined == "title":
            self = .title
        case has("address", "street", "addr", "address1", "address2", "address3") || joined.hasPrefix("address"):
            self = .streetAddress
        case has("city", "town"):
            self = .city
        case has("zip", "zipcode", "postcode", "postalcode") || (has("postal", "post") && has("code")):
            self = .postcode
        case has("state", "province", "region", "district", "county", "prefecture"):
            self = .region
        case has("country", "nation"):
            self = .country
        case has("picture", "photo", "image", "avatar", "signature", "scan", "thumbnail"):
            self = .picture
        case has(
            "note", "notes", "comment", "comments", "description", "message", "body", "remarks", "remark",
            "bio", "memo", "details", "text", "feedback", "summary"):
            self = .freeText
        case has("salary", "income", "wage", "wages", "compensation"):
            self = .salary
        case has("gender", "sex", "race", "ethnicity", "religion", "nationality", "marital", "diagnosis"):
            self = .sensitive
        case joined == "last_update" || has("created", "updated", "modified", "deleted", "inserted", "create", "update")
            || last == "at" || last == "on" || last == "timestamp" || last == "ts":
            self = .timestamp
        default:
            self = .none
        }
    }

    /// The lower-case words of a name: split at `_`, `-`, spaces, digits and lower-to-upper case changes.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in name {
            if !character.isLetter {
                if !current.isEmpty { words.append(current) }
                current = ""
                previous = nil
                continue
            }
            if character.isUppercase, let previous, previous.isLowercase {
                words.append(current)
                current = ""
            }
            current.append(contentsOf: character.lowercased())
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
