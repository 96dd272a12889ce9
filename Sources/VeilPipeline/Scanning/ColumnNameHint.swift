/// What a column's name says it holds, from its words (`BillingPostalCode` → billing, postal, code).
public enum ColumnNameHint: String, Sendable, Hashable, CaseIterable {
    case identifier, timestamp, email, phone, ip, card, iban, ssn, birthDate, secret, username
    case firstName, lastName, fullName, genericName, company, jobTitle, title
    case streetAddress, city, postcode, region, country
    case picture, freeText, salary, sensitive
    /// A number about a person's body or life: age, height, weight.
    case personalNumber
    /// When a payment card expires (`card_expiry`, `exp_month`): beside the card's number, part of the card.
    case cardExpiry
    case none

    /// The hint for a column name; `none` when the name says nothing Veil knows.
    public init(columnName: String) {
        let words = Self.words(of: columnName)
        let joined = words.joined(separator: "_")
        let set = Set(words)
        func has(_ any: String...) -> Bool { any.contains { set.contains($0) } }
        let last = words.last ?? ""
        if let translated = Self.otherLanguageHint(words) {
            self = translated
            return
        }
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
        case has("age", "height", "weight", "bmi"):
            self = .personalNumber
        case has("expiry", "expiration", "expires", "exp") && (words.count == 1 || has("card", "month", "year", "date"))
            || joined == "valid_thru":
            self = .cardExpiry
        case has("gender", "sex", "race", "ethnicity", "religion", "nationality", "marital", "diagnosis"):
            self = .sensitive
        case joined == "last_update" || has("created", "updated", "modified", "deleted", "inserted", "create", "update")
            || last == "at" || last == "on" || last == "timestamp" || last == "ts":
            self = .timestamp
        default:
            self = .none
        }
    }

    /// Personal-data words of other languages (Russian, German, French, Spanish, Portuguese, Italian, Japanese,
    /// Chinese, Korean): a column named `телефон`, `"名前"` or `nachname` says what `phone`, `name` and `last_name` say.
    /// Scripts written without spaces are matched inside the name (`電話番号`, `顧客名`), the others word by word.
    static func otherLanguageHint(_ words: [String]) -> ColumnNameHint? {
        for word in words {
            if let hint = otherLanguageWords[word] { return hint }
        }
        let joined = words.joined()
        for (fragment, hint) in ideographicFragments where joined.contains(fragment) { return hint }
        return nil
    }

    private static let otherLanguageWords: [String: ColumnNameHint] = [
        // Russian
        "имя": .firstName, "фамилия": .lastName, "отчество": .lastName, "фио": .fullName, "телефон": .phone,
        "почта": .email, "адрес": .streetAddress, "улица": .streetAddress, "город": .city, "индекс": .postcode,
        "паспорт": .ssn, "инн": .ssn, "снилс": .ssn, "возраст": .personalNumber, "зарплата": .salary,
        "рождения": .birthDate, "логин": .username,
        // German, French, Spanish, Portuguese, Italian
        "vorname": .firstName, "nachname": .lastName, "telefon": .phone, "strasse": .streetAddress,
        "straße": .streetAddress, "geburtsdatum": .birthDate, "prenom": .firstName, "prénom": .firstName,
        "nom": .lastName, "telephone": .phone, "téléphone": .phone, "adresse": .streetAddress, "rue": .streetAddress,
        "ville": .city, "nombre": .firstName, "apellido": .lastName, "apellidos": .lastName, "telefono": .phone,
        "teléfono": .phone, "correo": .email, "direccion": .streetAddress, "dirección": .streetAddress,
        "ciudad": .city, "nome": .firstName, "sobrenome": .lastName, "cognome": .lastName, "indirizzo": .streetAddress,
        "endereco": .streetAddress, "endereço": .streetAddress, "edad": .personalNumber, "alter": .personalNumber,
    ]

    /// In order: longer, more specific fragments first.
    private static let ideographicFragments: [(String, ColumnNameHint)] = [
        ("生年月日", .birthDate), ("誕生日", .birthDate), ("出生", .birthDate), ("電話", .phone), ("电话", .phone),
        ("携帯", .phone), ("手机", .phone), ("전화", .phone), ("メール", .email), ("邮箱", .email), ("邮件", .email),
        ("이메일", .email), ("住所", .streetAddress), ("地址", .streetAddress), ("주소", .streetAddress),
        ("郵便番号", .postcode), ("邮编", .postcode), ("氏名", .fullName), ("姓名", .fullName), ("名前", .fullName),
        ("이름", .fullName), ("年齢", .personalNumber), ("年龄", .personalNumber), ("나이", .personalNumber),
        ("給与", .salary), ("工资", .salary), ("身份证", .ssn), ("マイナンバー", .ssn), ("주민등록", .ssn),
    ]

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
