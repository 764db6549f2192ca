// nurture.columns.read(workspaceId): one workspace's people, ties and interactions as packed
// columns, and nurture.columns.writeScores: an analysis's scores written back onto the people from
// packed columns; for the analysis of very large workspaces (issue 19: 1,000,000 people /
// 5,000,000 ties). Written back through Cypher (UNWIND ... SET) those scores took 10-13 s warm;
// through writeScores 6.7 s.
//
// Why a procedure: read through Cypher (Community's interpreted runtime), 5,000,000 ties take
// 31 s and 1,000,000 people 10 s more, one record or one small list at a time; this reads the
// relationship store in one sequential scan through the kernel's cursors (3-4 s warm) and sends
// each column as a few large byte arrays, which the driver hands over as typed arrays.
//
// Scoped to the workspace: people come from the Person(workspaceId) index, and a tie counts only
// when both its ends are among them (ties never cross workspaces). Reads only. The ties are read
// by scanning every relationship of the database when the workspace is most of it, else person by
// person (the `ties` argument: auto, scan or traverse). The lookup from node id to position takes
// an int per node id up to the workspace's largest.
//
// What it returns: rows (part, bytes, at), each at most about rowBytes (64 KB; see ROW), in this order;
// integers are little-endian:
//   people.count      one int32: the number of people, n
//   people.me         one int32: my position, or -1
//   people.internal   int64 node ids, one per person (for writing results back)
//   people.id / .name / .connectedOn / .needNote / .needNotedOn   packed strings, people in id
//                     order (UTF-16 code-unit order, as JavaScript compares strings)
//   people.updatedAt  packed strings: a person's updatedAt when a need is noted on them, else null
//                     (the need's day falls back to it; nothing else of it is read)
//   people.org        int32 per person: an index in people.orgIds (the organisation it WORKS_AT),
//                     or -1; people.orgIds: packed strings, each organisation's id once
//   ties.a / ties.b   int32 positions of the two ends of each CONNECTED tie, in the relationship
//                     store's order or by person (see `ties`; not the snapshot's order)
//   ties.kind         one byte per tie: linkedin 0, knows 1, colleague 2, family 3, else 4
//                     (TieKind's order)
//   ties.since        int32 per tie: an index in ties.sinceValues, or -1 (no date); sinceValues:
//                     packed strings, each distinct date once (a few thousand days, not a string a tie)
//   interactions.id / .occurredAt / .channel   packed strings, interactions in id order
//   interactions.who  int32 pairs (interaction, person position), in participant order (pos)
//   interactions.initiator   one byte per participant: 1 when its initiator is true
// A column's rows come in order. A row of packed strings holds their UTF-8 bytes one after
// another in `bytes` and, in `at`, each string's end as an int32 offset in UTF-16 code units into
// the row's decoded text (-1 for a null, which takes no room).
//
// Uses the kernel API (org.neo4j.internal.kernel.api), which is not a public contract: it is
// compiled against the pinned Neo4j (neo4j/pom.xml) and needs dbms.security.procedures.unrestricted
// to name nurture.*. Loaded by scripts/neo4j-server.ts ({ procedures: true }).
package nurture.neo4j;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.RelationshipScanCursor;
import org.neo4j.internal.kernel.api.RelationshipTraversalCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.token.api.TokenConstants;
import org.neo4j.values.storable.Value;
import org.neo4j.values.storable.Values;
import org.neo4j.exceptions.KernelException;

public final class NurtureColumns {
    @Context
    public Transaction tx;

    public static final class Column {
        public String part;
        public byte[] bytes;
        /** For a chunk of packed strings: the UTF-16 end offset of each string (-1: null), int32. */
        public byte[] at;

        Column(String part, byte[] bytes, byte[] at) {
            this.part = part;
            this.bytes = bytes;
            this.at = at;
        }

        Column(String part, byte[] bytes) {
            this(part, bytes, null);
        }
    }

    /**
     * Bytes per row, at most. The JavaScript driver reads a byte array one byte at a time through
     * a buffer that searches the message's Bolt chunks for each (quadratic in the message size):
     * rows of 64 KB decode at about 25 ns a byte, rows of megabytes at microseconds a byte.
     */
    private static final int ROW = 1 << 16;

    @Procedure(name = "nurture.columns.read", mode = Mode.READ)
    @Description("One workspace's people, ties and interactions as packed columns (Nurture's large-workspace reader).")
    public Stream<Column> read(
            @Name("workspaceId") String workspaceId,
            @Name(value = "rowBytes", defaultValue = "65536") long rowBytes,
            @Name(value = "ties", defaultValue = "auto") String tiesBy) {
        if (rowBytes < 64 || rowBytes > 1 << 24) throw new IllegalArgumentException("rowBytes: from 64 to 16777216");
        if (!List.of("auto", "scan", "traverse").contains(tiesBy))
            throw new IllegalArgumentException("ties: auto, scan or traverse");
        // Smaller in tests, so that every column takes several rows.
        final int row = (int) rowBytes;
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        var read = ktx.dataRead();
        TokenRead tokens = ktx.tokenRead();
        var cursors = ktx.cursors();
        var out = new ArrayList<Column>();

        // People: their properties read in the index's order (node order: sequential reads), then
        // put in id order.
        var found = new ArrayList<Long>();
        try (ResourceIterator<Node> it = tx.findNodes(Label.label("Person"), "workspaceId", workspaceId)) {
            while (it.hasNext()) found.add(it.next().getId());
        }
        int n = found.size();
        int idKey = tokens.propertyKey("id");
        int nameKey = tokens.propertyKey("name");
        int connectedOnKey = tokens.propertyKey("connectedOn");
        int isMeKey = tokens.propertyKey("isMe");
        int needNoteKey = tokens.propertyKey("needNote");
        int needNotedOnKey = tokens.propertyKey("needNotedOn");
        int updatedAtKey = tokens.propertyKey("updatedAt");
        String[] ids = new String[n];
        String[] names = new String[n];
        String[] connectedOns = new String[n];
        String[] needNotes = new String[n];
        String[] needNotedOns = new String[n];
        String[] updatedAts = new String[n];
        int meFound = -1;
        try (NodeCursor node = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
                PropertyCursor props = cursors.allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker())) {
            var selection = PropertySelection.selection(
                    idKey, nameKey, connectedOnKey, isMeKey, needNoteKey, needNotedOnKey, updatedAtKey);
            for (int i = 0; i < n; i++) {
                ids[i] = "";
                read.singleNode(found.get(i), node);
                if (!node.next()) continue;
                node.properties(props, selection);
                while (props.next()) {
                    int key = props.propertyKey();
                    Object v = props.propertyValue().asObject();
                    if (key == idKey && v instanceof String s) ids[i] = s;
                    else if (key == nameKey && v instanceof String s) names[i] = s;
                    else if (key == connectedOnKey && v instanceof String s) connectedOns[i] = s;
                    else if (key == isMeKey && Boolean.TRUE.equals(v)) meFound = i;
                    else if (key == needNoteKey && v instanceof String s) needNotes[i] = s;
                    else if (key == needNotedOnKey && v instanceof String s) needNotedOns[i] = s;
                    else if (key == updatedAtKey && v instanceof String s) updatedAts[i] = s;
                }
                if (needNotes[i] == null && needNotedOns[i] == null) updatedAts[i] = null;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.parallelSort(order, (x, y) -> ids[x].compareTo(ids[y]));
        long[] internal = new long[n];
        long maxId = -1;
        int me = -1;
        var idCol = new Strings("people.id", out, row);
        var nameCol = new Strings("people.name", out, row);
        var connectedOnCol = new Strings("people.connectedOn", out, row);
        var needNoteCol = new Strings("people.needNote", out, row);
        var needNotedOnCol = new Strings("people.needNotedOn", out, row);
        var updatedAtCol = new Strings("people.updatedAt", out, row);
        for (int i = 0; i < n; i++) {
            int f = order[i];
            internal[i] = found.get(f);
            maxId = Math.max(maxId, internal[i]);
            if (f == meFound) me = i;
            idCol.add(ids[f]);
            nameCol.add(names[f]);
            connectedOnCol.add(connectedOns[f]);
            needNoteCol.add(needNotes[f]);
            needNotedOnCol.add(needNotedOns[f]);
            updatedAtCol.add(updatedAts[f]);
        }
        idCol.flush();
        nameCol.flush();
        connectedOnCol.flush();
        needNoteCol.flush();
        needNotedOnCol.flush();
        updatedAtCol.flush();
        if (maxId >= Integer.MAX_VALUE) throw new IllegalStateException("node ids beyond 2^31 are not supported");
        int[] position = new int[(int) maxId + 1];
        Arrays.fill(position, -1);
        for (int i = 0; i < n; i++) position[(int) internal[i]] = i;
        out.add(new Column("people.count", int32(n)));
        out.add(new Column("people.me", int32(me)));
        for (int from = 0; from < n; from += row / 8) {
            int to = Math.min(n, from + row / 8);
            var chunk = ByteBuffer.allocate((to - from) * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = from; i < to; i++) chunk.putLong(internal[i]);
            out.add(new Column("people.internal", chunk.array()));
        }

        // Ties: one sequential scan of the relationship store (about 0.3 us a relationship of the
        // whole database), or each person's CONNECTED chain in turn (about 2-3 us a tie: random reads);
        // "auto" scans when the database has fewer than 8 relationships per tie the workspace is
        // expected to have (its share of the people times the CONNECTED count).
        int connected = tokens.relationshipType("CONNECTED");
        int worksAt = tokens.relationshipType("WORKS_AT");
        int organization = tokens.nodeLabel("Organization");
        int kindKey = tokens.propertyKey("kind");
        int sinceKey = tokens.propertyKey("since");
        // Each person's organisation (the one it WORKS_AT), found in the same pass as the ties.
        int[] org = new int[n];
        Arrays.fill(org, -1);
        var orgIds = new ArrayList<String>();
        var orgCode = new HashMap<Long, Integer>();
        var sinceValues = new ArrayList<String>();
        var sinceCode = new HashMap<String, Integer>();
        boolean anyTies = connected != TokenConstants.NO_TOKEN;
        if ((anyTies || worksAt != TokenConstants.NO_TOKEN) && n > 0) {
            boolean scan = tiesBy.equals("scan");
            if (tiesBy.equals("auto") && anyTies) {
                long persons = Math.max(1, read.countsForNode(tokens.nodeLabel("Person")));
                double expected = (double) read.countsForRelationship(TokenConstants.ANY_LABEL, connected, TokenConstants.ANY_LABEL) * n / persons;
                long all = read.countsForRelationship(TokenConstants.ANY_LABEL, TokenConstants.ANY_RELATIONSHIP_TYPE, TokenConstants.ANY_LABEL);
                scan = all < 8 * expected;
            }
            var a = new Ints();
            var b = new Ints();
            var kind = new Bytes();
            var since = new Ints();
            var selection = PropertySelection.selection(kindKey, sinceKey);
            Runnable flush = () -> {
                out.add(new Column("ties.a", a.take()));
                out.add(new Column("ties.b", b.take()));
                out.add(new Column("ties.kind", kind.take()));
                out.add(new Column("ties.since", since.take()));
            };
            try (PropertyCursor props = cursors.allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker());
                    NodeCursor orgNode = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker())) {
                // A tie of the workspace: both its ends are people of it. Its kind and date read.
                final class Tie {
                    void add(int i, int j, org.neo4j.internal.kernel.api.RelationshipDataAccessor rel) {
                        a.add(i);
                        b.add(j);
                        int k = 4;
                        int d = -1;
                        rel.properties(props, selection);
                        while (props.next()) {
                            if (props.propertyKey() == kindKey) k = kindCode(props.propertyValue());
                            else if (props.propertyKey() == sinceKey
                                    && props.propertyValue().asObject() instanceof String day) {
                                Integer c = sinceCode.get(day);
                                if (c == null) {
                                    c = sinceValues.size();
                                    sinceValues.add(day);
                                    sinceCode.put(day, c);
                                }
                                d = c;
                            }
                        }
                        kind.add(k);
                        since.add(d);
                        if (kind.size == row / 4) flush.run();
                    }

                    /** Person i works at the node `o` (an Organization: its id, once per organisation). */
                    void worksAt(int i, long o) {
                        if (org[i] >= 0) return;
                        Integer c = orgCode.get(o);
                        if (c == null) {
                            c = -1;
                            read.singleNode(o, orgNode);
                            if (orgNode.next() && orgNode.hasLabel(organization)) {
                                orgNode.properties(props, PropertySelection.selection(idKey));
                                if (props.next() && props.propertyValue().asObject() instanceof String id) {
                                    c = orgIds.size();
                                    orgIds.add(id);
                                }
                            }
                            orgCode.put(o, c);
                        }
                        org[i] = c;
                    }
                }
                var tie = new Tie();
                if (scan) {
                    try (RelationshipScanCursor rels =
                            cursors.allocateRelationshipScanCursor(ktx.cursorContext(), ktx.memoryTracker())) {
                        read.allRelationshipsScan(rels);
                        while (rels.next()) {
                            int type = rels.type();
                            if (type == connected) {
                                int i = at(position, rels.sourceNodeReference());
                                int j = at(position, rels.targetNodeReference());
                                if (i >= 0 && j >= 0) tie.add(i, j, rels);
                            } else if (type == worksAt) {
                                int i = at(position, rels.sourceNodeReference());
                                if (i >= 0) tie.worksAt(i, rels.targetNodeReference());
                            }
                        }
                    }
                } else {
                    try (NodeCursor node = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
                            RelationshipTraversalCursor rels =
                                    cursors.allocateRelationshipTraversalCursor(ktx.cursorContext(), ktx.memoryTracker())) {
                        int[] types = anyTies && worksAt != TokenConstants.NO_TOKEN
                                ? new int[] {connected, worksAt}
                                : new int[] {anyTies ? connected : worksAt};
                        var outgoing = RelationshipSelection.selection(types, Direction.OUTGOING);
                        for (int i = 0; i < n; i++) {
                            read.singleNode(internal[i], node);
                            if (!node.next()) continue;
                            node.relationships(rels, outgoing);
                            while (rels.next()) {
                                if (rels.type() == worksAt) {
                                    tie.worksAt(i, rels.otherNodeReference());
                                    continue;
                                }
                                int j = at(position, rels.otherNodeReference());
                                if (j >= 0) tie.add(i, j, rels);
                            }
                        }
                    }
                }
            }
            if (kind.size > 0) flush.run();
        }
        for (int from = 0; from < n; from += row / 4) {
            int to = Math.min(n, from + row / 4);
            var chunk = ByteBuffer.allocate((to - from) * 4).order(ByteOrder.LITTLE_ENDIAN);
            chunk.asIntBuffer().put(org, from, to - from);
            out.add(new Column("people.org", chunk.array()));
        }
        var orgIdCol = new Strings("people.orgIds", out, row);
        for (String id : orgIds) orgIdCol.add(id);
        orgIdCol.flush();
        var sinceCol = new Strings("ties.sinceValues", out, row);
        for (String day : sinceValues) sinceCol.add(day);
        sinceCol.flush();

        // Interactions and who took part, in participant order.
        var interactions = new ArrayList<Long>();
        try (ResourceIterator<Node> it = tx.findNodes(Label.label("Interaction"), "workspaceId", workspaceId)) {
            while (it.hasNext()) interactions.add(it.next().getId());
        }
        int m = interactions.size();
        // In id order, as the store's snapshot has them: the analysis sums each pair's interactions in
        // the order it is given them, and floating-point sums in another order differ in the last bit.
        String[] interactionIds = new String[m];
        try (NodeCursor node = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
                PropertyCursor props = cursors.allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker())) {
            var selection = PropertySelection.selection(idKey);
            for (int x = 0; x < m; x++) {
                interactionIds[x] = "";
                read.singleNode(interactions.get(x), node);
                if (!node.next()) continue;
                node.properties(props, selection);
                if (props.next() && props.propertyValue().asObject() instanceof String id) interactionIds[x] = id;
            }
        }
        Integer[] byId = new Integer[m];
        for (int x = 0; x < m; x++) byId[x] = x;
        Arrays.parallelSort(byId, (u, v) -> interactionIds[u].compareTo(interactionIds[v]));
        var xId = new Strings("interactions.id", out, row);
        var xAt = new Strings("interactions.occurredAt", out, row);
        var xChannel = new Strings("interactions.channel", out, row);
        var who = new Ints();
        var initiator = new Bytes();
        int occurredAtKey = tokens.propertyKey("occurredAt");
        int channelKey = tokens.propertyKey("channel");
        int participated = tokens.relationshipType("PARTICIPATED_IN");
        int posKey = tokens.propertyKey("pos");
        int initiatorKey = tokens.propertyKey("initiator");
        try (NodeCursor node = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
                PropertyCursor props = cursors.allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker());
                RelationshipTraversalCursor rels =
                        cursors.allocateRelationshipTraversalCursor(ktx.cursorContext(), ktx.memoryTracker())) {
            var nodeSelection = PropertySelection.selection(idKey, occurredAtKey, channelKey);
            var relSelection = PropertySelection.selection(posKey, initiatorKey);
            var incoming = RelationshipSelection.selection(participated, Direction.INCOMING);
            var parts = new ArrayList<long[]>();
            for (int x = 0; x < m; x++) {
                String id = null;
                String occurredAt = null;
                String channel = null;
                parts.clear();
                read.singleNode(interactions.get(byId[x]), node);
                if (node.next()) {
                    node.properties(props, nodeSelection);
                    while (props.next()) {
                        int key = props.propertyKey();
                        Object v = props.propertyValue().asObject();
                        if (!(v instanceof String s)) continue;
                        if (key == idKey) id = s;
                        else if (key == occurredAtKey) occurredAt = s;
                        else if (key == channelKey) channel = s;
                    }
                    if (participated != TokenConstants.NO_TOKEN) {
                        node.relationships(rels, incoming);
                        while (rels.next()) {
                            int p = at(position, rels.otherNodeReference());
                            if (p < 0) continue;
                            long pos = Long.MAX_VALUE;
                            long init = 0;
                            rels.properties(props, relSelection);
                            while (props.next()) {
                                Object v = props.propertyValue().asObject();
                                if (props.propertyKey() == posKey && v instanceof Number num) pos = num.longValue();
                                else if (props.propertyKey() == initiatorKey && Boolean.TRUE.equals(v)) init = 1;
                            }
                            parts.add(new long[] {pos, p, init, parts.size()});
                        }
                    }
                }
                parts.sort((u, v) -> u[0] != v[0] ? Long.compare(u[0], v[0]) : Long.compare(u[3], v[3]));
                for (long[] part : parts) {
                    who.add(x);
                    who.add((int) part[1]);
                    initiator.add((int) part[2]);
                }
                xId.add(id);
                xAt.add(occurredAt);
                xChannel.add(channel);
            }
        }
        xId.flush();
        xAt.flush();
        xChannel.flush();
        for (int from = 0; from < who.size; from += row / 4) {
            int to = Math.min(who.size, from + row / 4);
            out.add(new Column("interactions.who", who.slice(from, to)));
        }
        for (int from = 0; from < initiator.size; from += row) {
            int to = Math.min(initiator.size, from + row);
            out.add(new Column("interactions.initiator", Arrays.copyOfRange(initiator.data, from, to)));
        }
        return out.stream();
    }

    public static final class Written {
        public long written;
        public long skipped;

        Written(long written, long skipped) {
            this.written = written;
            this.skipped = skipped;
        }
    }

    /**
     * An analysis's scores written back onto the people (partnerScore, strength, stage, community,
     * as Neo4jStore.writeScores names them), by node id: for each of n people, an int64 node id, a
     * float64 partner score and strength (NaN: the property is removed), a byte stage (an index in
     * `stages`) and an int32 community (-1: removed), all little-endian. A node that is not a
     * Person of the workspace is skipped and counted. One transaction per call: call it in batches.
     */
    @Procedure(name = "nurture.columns.writeScores", mode = Mode.WRITE)
    @Description("Scores written back onto a workspace's people by node id, from packed columns (Nurture).")
    public Stream<Written> writeScores(
            @Name("workspaceId") String workspaceId,
            @Name("nodes") byte[] nodes,
            @Name("partnerScore") byte[] partnerScore,
            @Name("strength") byte[] strength,
            @Name("stage") byte[] stage,
            @Name("stages") List<String> stages,
            @Name("community") byte[] community)
            throws KernelException {
        int n = nodes.length / 8;
        if (nodes.length != n * 8
                || partnerScore.length != n * 8
                || strength.length != n * 8
                || stage.length != n
                || community.length != n * 4)
            throw new IllegalArgumentException("writeScores: columns of different lengths");
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        var read = ktx.dataRead();
        var write = ktx.dataWrite();
        var tokens = ktx.tokenWrite();
        int person = ktx.tokenRead().nodeLabel("Person");
        int workspaceKey = ktx.tokenRead().propertyKey("workspaceId");
        int partnerKey = tokens.propertyKeyGetOrCreateForName("partnerScore");
        int strengthKey = tokens.propertyKeyGetOrCreateForName("strength");
        int stageKey = tokens.propertyKeyGetOrCreateForName("stage");
        int communityKey = tokens.propertyKeyGetOrCreateForName("community");
        Value[] stageValues = stages.stream().map(Values::stringValue).toArray(Value[]::new);
        var ids = ByteBuffer.wrap(nodes).order(ByteOrder.LITTLE_ENDIAN);
        var partner = ByteBuffer.wrap(partnerScore).order(ByteOrder.LITTLE_ENDIAN);
        var strong = ByteBuffer.wrap(strength).order(ByteOrder.LITTLE_ENDIAN);
        var group = ByteBuffer.wrap(community).order(ByteOrder.LITTLE_ENDIAN);
        Value ws = Values.stringValue(workspaceId);
        long written = 0;
        long skipped = 0;
        try (NodeCursor node = ktx.cursors().allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
                PropertyCursor props = ktx.cursors().allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker())) {
            var selection = PropertySelection.selection(workspaceKey);
            for (int i = 0; i < n; i++) {
                long id = ids.getLong(i * 8);
                read.singleNode(id, node);
                boolean ours = node.next() && node.hasLabel(person);
                if (ours) {
                    node.properties(props, selection);
                    ours = props.next() && props.propertyValue().equals(ws);
                }
                if (!ours) {
                    skipped++;
                    continue;
                }
                double p = partner.getDouble(i * 8);
                double s = strong.getDouble(i * 8);
                int c = group.getInt(i * 4);
                int g = stage[i] & 0xff;
                if (Double.isNaN(p)) write.nodeRemoveProperty(id, partnerKey);
                else write.nodeSetProperty(id, partnerKey, Values.doubleValue(p));
                if (Double.isNaN(s)) write.nodeRemoveProperty(id, strengthKey);
                else write.nodeSetProperty(id, strengthKey, Values.doubleValue(s));
                if (g >= stageValues.length) write.nodeRemoveProperty(id, stageKey);
                else write.nodeSetProperty(id, stageKey, stageValues[g]);
                if (c < 0) write.nodeRemoveProperty(id, communityKey);
                else write.nodeSetProperty(id, communityKey, Values.longValue(c));
                written++;
            }
        }
        return Stream.of(new Written(written, skipped));
    }

    private static int at(int[] position, long node) {
        return node >= 0 && node < position.length ? position[(int) node] : -1;
    }

    private static int kindCode(Value v) {
        Object kind = v.asObject();
        return "linkedin".equals(kind) ? 0 : "knows".equals(kind) ? 1 : "colleague".equals(kind) ? 2 : "family".equals(kind) ? 3 : 4;
    }

    private static byte[] int32(int x) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(x).array();
    }

    /** A packed string column in rows: UTF-8 text and each string's UTF-16 end offset in it (-1: null). */
    private static final class Strings {
        private final String part;
        private final List<Column> out;
        private final int row;
        private final ByteArrayOutputStream text = new ByteArrayOutputStream();
        private final Ints ends = new Ints();
        private int length;

        Strings(String part, List<Column> out, int row) {
            this.part = part;
            this.out = out;
            this.row = row;
        }

        void add(String s) {
            if (s == null) ends.add(-1);
            else {
                text.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                length += s.length();
                ends.add(length);
            }
            if (text.size() >= row - row / 16 || ends.size == row / 4) flush();
        }

        void flush() {
            if (ends.size == 0) return;
            out.add(new Column(part, text.toByteArray(), ends.take()));
            text.reset();
            length = 0;
        }
    }

    private static final class Ints {
        int[] data = new int[1024];
        int size;

        void add(int x) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = x;
        }

        byte[] slice(int from, int to) {
            var buf = ByteBuffer.allocate((to - from) * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asIntBuffer().put(data, from, to - from);
            return buf.array();
        }

        byte[] take() {
            byte[] bytes = slice(0, size);
            size = 0;
            return bytes;
        }
    }

    private static final class Bytes {
        byte[] data = new byte[1024];
        int size;

        void add(int x) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = (byte) x;
        }

        byte[] take() {
            byte[] bytes = Arrays.copyOf(data, size);
            size = 0;
            return bytes;
        }
    }
}
