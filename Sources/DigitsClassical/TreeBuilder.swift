import DigitsCompute

/// Grows one CART tree with Gini impurity on byte-valued features.
///
/// Split search needs no sorting: for each candidate feature, the node's samples are counted into a
/// histogram over the 256 levels × classes, and one sweep over the levels present evaluates every
/// threshold, keeping `Σ L_c²` and `Σ R_c²` up to date as samples move left. Minimising the children's
/// weighted Gini impurity `n − Σ L_c²/n_L − Σ R_c²/n_R` is maximising `Σ L_c²/n_L + Σ R_c²/n_R`.
/// Candidate features are drawn without replacement, `featuresPerSplit` draws (more while every draw
/// so far was constant), as scikit-learn draws them, except that features found constant in a node
/// are set aside for all its descendants (they stay constant) instead of being redrawn: deep nodes
/// neither rescan MNIST's many blank pixels nor waste draws on them.
struct TreeBuilder {
    /// Feature-major training data: feature `f` of sample `i` at `columns[f·sampleCount + i]`.
    let columns: UnsafePointer<UInt8>
    /// The same data sample-major: sample `i` is `rows[i·featureCount ..< (i+1)·featureCount]`.
    let rows: UnsafePointer<UInt8>
    let labels: UnsafePointer<UInt8>
    let sampleCount: Int
    let featureCount: Int
    let classCount: Int
    let maxDepth: Int
    let minSamplesLeaf: Int
    let featuresPerSplit: Int

    /// A tree grown on `samples` (row indices, repeats allowed: a bootstrap sample), drawing
    /// candidate features from `rng`.
    func grow(samples: [Int32], rng: inout SplitMix64) -> DecisionTree {
        var tree = DecisionTree(classCount: classCount)
        // Sorted, and kept sorted by a stable partition: each node then reads a pixel column in
        // increasing order, which the prefetcher follows (in shuffled order the split search spent
        // two thirds of its time waiting for those loads).
        var indices = samples.sorted()
        var spare = [Int32](repeating: 0, count: samples.count)
        var keys = [UInt16](repeating: 0, count: Self.sortedNodeLimit)
        var localRows = [UInt8](repeating: 0, count: Self.localNodeLimit * featureCount)
        var localLabels = [UInt8](repeating: 0, count: Self.localNodeLimit)
        var histogram = [Int32](repeating: 0, count: 256 * classCount)
        var featureOrder = (0..<featureCount).map { Int16($0) }
        indices.withUnsafeMutableBufferPointer { indices in
            histogram.withUnsafeMutableBufferPointer { histogram in
                featureOrder.withUnsafeMutableBufferPointer { order in
                    spare.withUnsafeMutableBufferPointer { spare in
                        keys.withUnsafeMutableBufferPointer { keys in
                            localRows.withUnsafeMutableBufferPointer { localRows in
                                localLabels.withUnsafeMutableBufferPointer { localLabels in
                                    var scratch = Scratch(
                                        indices: indices, keys: keys.baseAddress!, spare: spare.baseAddress!,
                                        histogram: histogram.baseAddress!, featureOrder: order,
                                        localRows: localRows.baseAddress!, localLabels: localLabels.baseAddress!)
                                    let view = SampleView(base: columns, featureStride: sampleCount, sampleStride: 1,
                                                          labels: labels)
                                    _ = growNode(0, indices.count, depth: 0, knownConstants: 0, view: view, tree: &tree,
                                                 scratch: &scratch, rng: &rng)
                                }
                            }
                        }
                    }
                }
            }
        }
        return tree
    }

    private struct Scratch {
        let indices: UnsafeMutableBufferPointer<Int32>
        /// `level << 8 | class` of a small node's samples, for sorting.
        let keys: UnsafeMutablePointer<UInt16>
        /// Room for the right-hand samples during a partition.
        let spare: UnsafeMutablePointer<Int32>
        let histogram: UnsafeMutablePointer<Int32>
        let featureOrder: UnsafeMutableBufferPointer<Int16>
        let localRows: UnsafeMutablePointer<UInt8>
        let localLabels: UnsafeMutablePointer<UInt8>
    }

    /// Up to this many samples, sorting a node's keys beats sweeping the 256-level histogram.
    static let sortedNodeLimit = 128
    /// A node this small copies its samples’ rows into a local buffer that stays in L2 (1.6 MB for
    /// MNIST), which it and all its descendants read. Above it, the feature-major columns are read
    /// in sample order; below it, those reads were scattered over the whole 47 MB and stalled the
    /// split search on cache misses.
    static let localNodeLimit = 2048

    /// Where a node's samples are read: feature `f` of sample `i` at `base[f·featureStride + i·sampleStride]`.
    private struct SampleView {
        let base: UnsafePointer<UInt8>
        let featureStride: Int
        let sampleStride: Int
        let labels: UnsafePointer<UInt8>
        var isLocal: Bool { featureStride == 1 }

        @inline(__always) func value(_ sample: Int, _ feature: Int) -> UInt8 {
            base[feature * featureStride + sample * sampleStride]
        }
    }

    private struct Split {
        var feature: Int
        var threshold: UInt8
        var leftCount: Int
        var score: Double
    }

    private func growNode(
        _ lo: Int, _ hi: Int, depth: Int, knownConstants: Int, view parentView: SampleView, tree: inout DecisionTree,
        scratch: inout Scratch, rng: inout SplitMix64
    ) -> Int {
        let n = hi - lo
        var view = parentView
        if !view.isLocal && n <= Self.localNodeLimit {
            // Copy the rows once; this node and its descendants index the copy from here on.
            for j in 0..<n {
                let sample = Int(scratch.indices[lo + j])
                (scratch.localRows + j * featureCount).update(from: rows + sample * featureCount, count: featureCount)
                scratch.localLabels[j] = labels[sample]
                scratch.indices[lo + j] = Int32(j)
            }
            view = SampleView(base: scratch.localRows, featureStride: 1, sampleStride: featureCount,
                              labels: scratch.localLabels)
        }
        var counts = [Int](repeating: 0, count: classCount)
        for i in lo..<hi { counts[Int(view.labels[Int(scratch.indices[i])])] += 1 }
        guard depth < maxDepth, n >= 2 * minSamplesLeaf, counts.filter({ $0 > 0 }).count > 1,
            case let (split?, constants) = bestSplit(lo, hi, counts: counts, knownConstants: knownConstants, view: view,
                                                     scratch: scratch, rng: &rng)
        else { return tree.appendLeaf(counts: counts) }
        // Stable partition, samples going left first, each side still in increasing order.
        var (kept, moved) = (lo, 0)
        for i in lo..<hi {
            let sample = scratch.indices[i]
            if view.value(Int(sample), split.feature) <= split.threshold {
                scratch.indices[kept] = sample
                kept += 1
            } else {
                scratch.spare[moved] = sample
                moved += 1
            }
        }
        (scratch.indices.baseAddress! + kept).update(from: scratch.spare, count: moved)
        let node = tree.appendSplit(feature: split.feature, threshold: split.threshold)
        let left = growNode(lo, lo + split.leftCount, depth: depth + 1, knownConstants: constants, view: view,
                            tree: &tree, scratch: &scratch, rng: &rng)
        let right = growNode(lo + split.leftCount, hi, depth: depth + 1, knownConstants: constants, view: view,
                             tree: &tree, scratch: &scratch, rng: &rng)
        tree.setChildren(of: node, left: left, right: right)
        return node
    }

    /// The best split of `indices[lo..<hi]`, and how many features at the front of the feature order
    /// are now known to be constant in this node (the inherited ones plus those found here).
    private func bestSplit(
        _ lo: Int, _ hi: Int, counts: [Int], knownConstants: Int, view: SampleView, scratch: Scratch,
        rng: inout SplitMix64
    ) -> (Split?, constants: Int) {
        let (classes, histogram, indices, order) = (classCount, scratch.histogram, scratch.indices.baseAddress!,
                                                    scratch.featureOrder)
        let n = hi - lo
        var best: Split? = nil
        var (informative, constants, visited) = (0, knownConstants, 0)
        var leftCounts = [Int](repeating: 0, count: classes)
        let parentSum = counts.reduce(0.0) { $0 + Double($1 * $1) }
        // order: [0, knownConstants) constant in an ancestor · [knownConstants, constants) found constant
        // here · [constants, next) drawn, informative · [next, end) not drawn. Draws skip the features
        // already known to be constant; each other draw counts toward featuresPerSplit, and drawing goes on
        // while every draw so far was constant.
        var next = knownConstants
        while next < featureCount && (visited < featuresPerSplit || informative == 0) {
            visited += 1
            // Partial Fisher–Yates: the next candidate feature, without replacement.
            order.swapAt(next, next + Int(rng.next() % UInt64(featureCount - next)))
            let feature = Int(order[next])
            let column = view.base + feature * view.featureStride
            let step = view.sampleStride
            // Small nodes sort their few (level, class) keys; large ones count them into the histogram.
            // Either way the sweep below visits the levels present in increasing order.
            let sorted = n <= Self.sortedNodeLimit
            var (low, high) = (255, 0)
            for i in lo..<hi {
                let sample = Int(indices[i])
                let level = Int(column[sample * step])
                if sorted {
                    scratch.keys[i - lo] = UInt16(level) << 8 | UInt16(view.labels[sample])
                } else {
                    histogram[level * classes + Int(view.labels[sample])] += 1
                }
                low = min(low, level)
                high = max(high, level)
            }
            guard low < high else {
                if !sorted { (histogram + low * classes).update(repeating: 0, count: classes) }
                order.swapAt(next, constants)
                constants += 1
                next += 1
                continue
            }
            next += 1
            informative += 1
            for c in 0..<classes { leftCounts[c] = 0 }
            var (sumLeft, sumRight, nLeft) = (0.0, parentSum, 0)
            /// Moves `k` samples of class `c` to the left side.
            func moveLeft(_ c: Int, _ k: Int) {
                let (l, r) = (leftCounts[c], counts[c] - leftCounts[c])
                sumLeft += Double((l + k) * (l + k) - l * l)
                sumRight += Double((r - k) * (r - k) - r * r)
                leftCounts[c] = l + k
                nLeft += k
            }
            /// Scores the threshold "≤ level" once every sample at or below `level` has moved left.
            func consider(_ level: Int) {
                let nRight = n - nLeft
                guard nLeft >= minSamplesLeaf, nRight >= minSamplesLeaf else { return }
                let score = sumLeft / Double(nLeft) + sumRight / Double(nRight)
                if score > (best?.score ?? -1) {
                    best = Split(feature: feature, threshold: UInt8(level), leftCount: nLeft, score: score)
                }
            }
            if sorted {
                var keys = UnsafeMutableBufferPointer(start: scratch.keys, count: n)
                keys.sort()
                var i = 0
                while i < n {
                    let level = Int(keys[i] >> 8)
                    guard level < high else { break }
                    while i < n && Int(keys[i] >> 8) == level {
                        moveLeft(Int(keys[i] & 0xFF), 1)
                        i += 1
                    }
                    consider(level)
                }
            } else {
                for level in low..<high {
                    let bin = histogram + level * classes
                    let before = nLeft
                    for c in 0..<classes where bin[c] > 0 { moveLeft(c, Int(bin[c])) }
                    if nLeft > before { consider(level) }
                }
                (histogram + low * classes).update(repeating: 0, count: (high - low + 1) * classes)
            }
        }
        return (best, constants)
    }
}
