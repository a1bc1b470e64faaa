import Foundation

/// Every stretch of one picture's ink that the reader might read as a digit, prepared as a model
/// input, with what choosing it costs (its shape and the cut that ends it). A reading is a run of
/// candidates that covers all the ink once; `NumberReader` picks the run the models like best.
public struct DigitCandidates {
    /// Each candidate's 28×28 MNIST-style input, as `digits predict` prepares a digit.
    public let inputs: [[UInt8]]
    /// Each candidate's box in the input picture's pixels: `[x, y, width, height]`.
    public let boxes: [[Int]]
    /// The boundaries each candidate runs between (`InkStretch.boundaries`): a reading runs from
    /// boundary 0 to the last, each candidate starting where the one before ended.
    let groups: [Range<Int>]
    /// Each candidate's shape and cut penalty, as a log-likelihood.
    let penalties: [Double]
    /// Each candidate's ink pixels, and all the ink the candidates are cut from (indices into the working map).
    let pixels: [[Int]]
    let allPixels: [Int]
    /// The working map's width.
    let mapWidth: Int
    /// From a working-map point to the input picture's pixels.
    let toInput: (Double, Double) -> (Double, Double)

    /// The candidate's ink pixels in the input picture's coordinates, for comparing a candidate with
    /// a labelled picture (which digit's ink each pixel is).
    public func inkPoints(of candidate: Int) -> [(x: Int, y: Int)] {
        inputPoints(pixels[candidate])
    }

    /// All the ink the candidates are cut from, in the input picture's coordinates.
    public func allInkPoints() -> [(x: Int, y: Int)] { inputPoints(allPixels) }

    private func inputPoints(_ pixels: [Int]) -> [(x: Int, y: Int)] {
        pixels.map { pixel in
            let (x, y) = toInput(Double(pixel % mapWidth) + 0.5, Double(pixel / mapWidth) + 0.5)
            return (Int(x.rounded(.down)), Int(y.rounded(.down)))
        }
    }

    /// The same candidates read from a crop whose top left corner lies at (`x`, `y`) of the whole picture.
    func shifted(x: Int, y: Int) -> DigitCandidates {
        let toInput = self.toInput
        return DigitCandidates(
            inputs: inputs, boxes: boxes.map { [$0[0] + x, $0[1] + y, $0[2], $0[3]] }, groups: groups,
            penalties: penalties, pixels: pixels, allPixels: allPixels, mapWidth: mapWidth,
            toInput: {
                let (cx, cy) = toInput($0, $1)
                return (cx + Double(x), cy + Double(y))
            })
    }

    /// The number of steps between neighbouring boundaries.
    private var steps: Int { groups.map(\.upperBound).max() ?? 0 }

    /// The candidates that some other candidate overlaps: only among these is there a choice. A
    /// candidate alone between its boundaries is in every reading (a digit standing apart from the others).
    var contested: [Int] {
        var covering = [Int](repeating: 0, count: steps)
        for group in groups { for step in group { covering[step] += 1 } }
        return groups.indices.filter { groups[$0].contains { covering[$0] > 1 } }
    }

    /// The candidates, in reading order, of the run that covers all the ink with the highest total
    /// of `scores` (one per candidate, penalties not yet counted), by dynamic programming over the
    /// boundaries.
    func bestReading(scores: [Double]) -> [Int] {
        precondition(scores.count == groups.count)
        var best = [Double](repeating: -.infinity, count: steps + 1)
        var via = [Int?](repeating: nil, count: steps + 1)
        best[0] = 0
        let byEnd = Dictionary(grouping: groups.indices, by: { groups[$0].upperBound })
        for end in 1...max(1, steps) {
            for index in byEnd[end] ?? [] {
                let total = best[groups[index].lowerBound] + scores[index] - penalties[index]
                if total > best[end] { (best[end], via[end]) = (total, index) }
            }
        }
        var path = [Int]()
        var end = steps
        while end > 0, let index = via[end] {
            path.append(index)
            end = groups[index].lowerBound
        }
        return path.reversed()
    }
}
