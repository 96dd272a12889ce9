/// `fake.job_title`: a job title such as `Registered Nurse`, `Senior Marketing Analyst` or
/// `Procurement Coordinator`.
///
/// Two in five are common occupations used as they are (about 170: `Electrician`, `Data Engineer`);
/// the rest are composed `[level] area role`: an optional level (`Senior`, `Junior`, `Deputy`...),
/// an area (`Finance`, `Supply Chain`, `Customer Success`...) and a role (`Manager`, `Analyst`,
/// `Specialist`...), about 4,600 combinations. No parameters. One-way.
public enum FakeJobTitleRule {
    public static let definition = FakeRule.definition(
        kind: "job_title", summary: "deterministic synthetic job title", generator: JobTitleGenerator()
    )
    .withLeakRole(.ownRowOnly)
    .withOutputSpace(.words)
}

struct JobTitleGenerator: SyntheticGenerator {
    static let roles = [
        "Manager", "Analyst", "Specialist", "Coordinator", "Consultant", "Director", "Officer", "Administrator",
        "Lead", "Advisor",
    ]

    var requiredLists: [[String]] { [WordLists.jobTitles, WordLists.jobLevels, WordLists.jobAreas] }

    func generate(for input: String, random: inout SeededRandom, maximumLength: Int?) -> String {
        if random.chance(2, in: 5) { return random.pick(WordLists.jobTitles) }
        let area = random.pick(WordLists.jobAreas)
        let role = random.pick(Self.roles)
        let level = random.chance(1, in: 2) ? random.pick(WordLists.jobLevels) : nil
        return ComposedText.compose(
            capacity: (level.map { $0.utf8.count + 1 } ?? 0) + area.utf8.count + 1 + role.utf8.count
        ) { text in
            if let level {
                text.append(level)
                text.append(ascii: 0x20)
            }
            text.append(area)
            text.append(ascii: 0x20)
            text.append(role)
        }
    }
}
