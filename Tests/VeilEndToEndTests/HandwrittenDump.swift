import Foundation

/// A plain dump written the way `pg_dump` 15 writes one (header, settings, schemas, tables, COPY blocks, primary
/// keys, the completion trailer), for end-to-end tests whose schema no fixture has: two schemas with a table of the
/// same name, hundreds of thousands of generated rows.
struct HandwrittenDump {
    struct Table {
        var schema = "public"
        var name: String
        /// Name and SQL type; the first column is the primary key.
        var columns: [(name: String, type: String)]
        var rows: [[String?]]

        var qualified: String { "\(schema).\(name)" }
    }

    var tables: [Table]

    /// The dump's text.
    var text: String {
        var out = """
            --
            -- PostgreSQL database dump
            --

            -- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
            -- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

            SET statement_timeout = 0;
            SET lock_timeout = 0;
            SET idle_in_transaction_session_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SELECT pg_catalog.set_config('search_path', '', false);
            SET check_function_bodies = false;
            SET xmloption = content;
            SET client_min_messages = warning;
            SET row_security = off;


            """
        for schema in Set(tables.map(\.schema)).subtracting(["public"]).sorted() {
            out += "--\n-- Name: \(schema); Type: SCHEMA; Schema: -; Owner: -\n--\n\nCREATE SCHEMA \(schema);\n\n\n"
        }
        out += "SET default_tablespace = '';\n\nSET default_table_access_method = heap;\n\n"
        for table in tables {
            out += "--\n-- Name: \(table.name); Type: TABLE; Schema: \(table.schema); Owner: -\n--\n\n"
            out += "CREATE TABLE \(table.qualified) (\n"
            out += table.columns.map {
                "    \($0.name) \($0.type)" + ($0.name == table.columns[0].name ? " NOT NULL" : "")
            }
            .joined(separator: ",\n")
            out += "\n);\n\n\n"
        }
        for table in tables {
            out += "--\n-- Data for Name: \(table.name); Type: TABLE DATA; Schema: \(table.schema); Owner: -\n--\n\n"
            out += "COPY \(table.qualified) (\(table.columns.map(\.name).joined(separator: ", "))) FROM stdin;\n"
            for row in table.rows {
                out += row.map { $0.map(Self.copyText) ?? "\\N" }.joined(separator: "\t") + "\n"
            }
            out += "\\.\n\n\n"
        }
        for table in tables {
            let key = "\(table.name)_pkey"
            out += "--\n-- Name: \(table.name) \(key); Type: CONSTRAINT; Schema: \(table.schema); Owner: -\n--\n\n"
            out +=
                "ALTER TABLE ONLY \(table.qualified)\n    ADD CONSTRAINT \(key) PRIMARY KEY (\(table.columns[0].name));\n\n\n"
        }
        out += "--\n-- PostgreSQL database dump complete\n--\n\n"
        return out
    }

    /// COPY's text form of a value: backslash, tab, newline and carriage return escaped.
    static func copyText(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Writes the dump to `path`.
    func write(to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// `body` (DDL and COPY blocks written by hand) between the header and the completion trailer a plain pg_dump
    /// has, so the dump reader accepts it as a whole dump.
    static func plain(_ body: String) -> String {
        "--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n"
            + body + "\n\n--\n-- PostgreSQL database dump complete\n--\n\n"
    }
}
