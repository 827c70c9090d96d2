import Testing
@testable import Platform

/// The lost-write check's bit sets: lost = acknowledged − present, each marker counted once, markers
/// never acknowledged ignored, `w:"majority"` ones counted apart.
@Suite struct AcknowledgedMarkersTests {
    @Test func lostIsAcknowledgedMinusPresentCountingEachMarkerOnce() {
        var markers = AcknowledgedMarkers()
        markers.insert(marker: 2, majority: false)
        markers.insert(marker: 3, majority: true)
        markers.insert(marker: 70, majority: false)    // second word
        markers.insert(marker: 130, majority: true)    // third word: the bit sets grow
        markers.insert(marker: 3, majority: true)      // a repeated completion counts once
        #expect(markers.count == 4)
        #expect(markers.majorityCount == 2)
        #expect(markers.contains(70) && !markers.contains(71) && !markers.contains(10_000))
        #expect(markers.isMajority(130) && !markers.isMajority(2))

        // Present on the shards: 3 (twice: an orphaned copy), 70, and 999 (applied but never acknowledged).
        let lost = markers.lost { visit in
            for marker in [Int64(3), 3, 70, 999] { visit(marker) }
        }
        #expect(lost.all == 2)        // markers 2 and 130
        #expect(lost.majority == 1)   // marker 130
    }

    @Test func nothingAcknowledgedNothingLost() {
        let markers = AcknowledgedMarkers()
        let lost = markers.lost { visit in visit(5) }
        #expect(lost.all == 0 && lost.majority == 0)
    }
}
