/// A report as data: headings, paragraphs, tables and figures in order. One document renders to
/// both Markdown (figures as SVG files beside it) and one self-contained HTML page (figures inline),
/// so the two can never say different things.
public struct ReportDocument: Sendable {
    public enum Block: Sendable {
        case heading(level: Int, text: String)
        /// Plain text; `code` spans in backquotes are the only markup.
        case paragraph(String)
        case bullets([String])
        case table(ReportTable)
        case figure(ReportFigure)
        case code(String)
    }

    public var title: String
    public private(set) var blocks: [Block] = []

    public init(title: String) {
        self.title = title
    }

    public mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(level: level, text: text)) }
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    public mutating func bullets(_ items: [String]) { blocks.append(.bullets(items)) }
    public mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }
    public mutating func figure(_ figure: ReportFigure) { blocks.append(.figure(figure)) }
    public mutating func code(_ text: String) { blocks.append(.code(text)) }

    public var figures: [ReportFigure] {
        blocks.compactMap { if case .figure(let figure) = $0 { figure } else { nil } }
    }
}

/// A table whose first column is a label and whose other columns are right-aligned figures.
public struct ReportTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == headers.count }, "every row needs \(headers.count) cells")
        self.headers = headers
        self.rows = rows
    }
}

/// An SVG figure: written to `figures/<name>.svg` beside the Markdown, inlined in the HTML.
public struct ReportFigure: Sendable {
    public var name: String
    public var caption: String
    public var svg: String

    public init(name: String, caption: String, svg: String) {
        self.name = name
        self.caption = caption
        self.svg = svg
    }

    public var path: String { "figures/\(name).svg" }
}

extension ReportDocument {
    public var markdown: String {
        var out = "# \(title)\n"
        for block in blocks {
            out += "\n"
            switch block {
            case .heading(let level, let text): out += String(repeating: "#", count: level) + " \(text)\n"
            case .paragraph(let text): out += "\(text)\n"
            case .bullets(let items): out += items.map { "- \($0)\n" }.joined()
            case .table(let table):
                out += "| " + table.headers.joined(separator: " | ") + " |\n"
                out += "|" + table.headers.indices.map { $0 == 0 ? "---|" : "---:|" }.joined() + "\n"
                out += table.rows.map { "| " + $0.joined(separator: " | ") + " |\n" }.joined()
            case .figure(let figure): out += "![\(figure.caption)](\(figure.path))\n\n*\(figure.caption)*\n"
            case .code(let text): out += "```\n\(text)\n```\n"
            }
        }
        return out
    }

    /// One page, figures inline; well-formed XML (XHTML syntax) so that it parses strictly.
    public var html: String {
        var body = "<h1>\(escapeXML(title))</h1>\n"
        for block in blocks {
            switch block {
            case .heading(let level, let text): body += "<h\(level)>\(escapeXML(text))</h\(level)>\n"
            case .paragraph(let text): body += "<p>\(inlineHTML(text))</p>\n"
            case .bullets(let items):
                body += "<ul>\n" + items.map { "<li>\(inlineHTML($0))</li>\n" }.joined() + "</ul>\n"
            case .table(let table):
                body +=
                    "<table>\n<thead><tr>" + table.headers.map { "<th>\(inlineHTML($0))</th>" }.joined()
                    + "</tr></thead>\n<tbody>\n"
                for row in table.rows {
                    body +=
                        "<tr>"
                        + row.enumerated().map { index, cell in
                            index == 0
                                ? "<td>\(inlineHTML(cell))</td>" : "<td class=\"number\">\(inlineHTML(cell))</td>"
                        }.joined() + "</tr>\n"
                }
                body += "</tbody>\n</table>\n"
            case .figure(let figure):
                // The standalone SVG's XML declaration-free root element embeds as it is.
                body +=
                    "<figure id=\"\(escapeXML(figure.name))\">\n\(figure.svg)<figcaption>\(inlineHTML(figure.caption))</figcaption>\n</figure>\n"
            case .code(let text): body += "<pre><code>\(escapeXML(text))</code></pre>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(escapeXML(title))</title>
            <style>
            body { font-family: \(ChartStyle.fontFamily); max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
            th { background: #f2f2f2; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1.5em 0; }
            figure svg { max-width: 100%; height: auto; }
            figcaption { font-style: italic; color: #555; }
            pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }
            code { font-family: DejaVu Sans Mono, monospace; font-size: 0.92em; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    /// Escapes `text` and turns `code` spans into <code> elements.
    private func inlineHTML(_ text: String) -> String {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? "<code>\(escapeXML(String(part)))</code>" : escapeXML(String(part))
        }.joined()
    }
}
