package dev.vigil.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressPoolTest {
  @Test
  void addressesAreDistinctAndIn198_18_0_0Slash15AndSpreadOverSubnets() {
    ClientAddressPool pool = new ClientAddressPool(4_000);
    Set<String> seen = new HashSet<>();
    Map<String, Integer> perSubnet = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      String a = pool.forRequest(i);
      assertTrue(seen.add(a), "duplicate " + a);
      String[] octets = a.split("\\.");
      assertEquals("198", octets[0]);
      assertTrue(octets[1].equals("18") || octets[1].equals("19"), a);
      int host = Integer.parseInt(octets[3]);
      assertTrue(host >= 1 && host <= 254, a);
      perSubnet.merge(octets[0] + "." + octets[1] + "." + octets[2], 1, Integer::sum);
    }
    assertEquals(512, perSubnet.size());
    assertTrue(perSubnet.values().stream().allMatch(n -> n <= 8), perSubnet.toString());
  }

  @Test
  void requestsTakeThePoolInTurn() {
    ClientAddressPool pool = new ClientAddressPool(3);
    assertEquals("198.18.0.1", pool.forRequest(0));
    assertEquals("198.18.1.1", pool.forRequest(1));
    assertEquals("198.18.0.1", pool.forRequest(3));
    assertEquals("198.19.255.254", ClientAddressPool.address(ClientAddressPool.MAX_SIZE - 1));
  }

  @Test
  void theLuaScriptForWrkUsesTheSameFormula() throws Exception {
    // benchmarks/e2e/xff.lua: 198.(18 + s // 256).(s % 256).(i // 512 + 1) with s = i % 512
    String lua = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("e2e/xff.lua")), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(lua.contains("local subnet = i % 512"), "xff.lua no longer deals addresses like ClientAddressPool");
    assertTrue(lua.contains("18 + subnet // 256") || lua.contains("18 + math.floor(subnet / 256)"), lua);
  }
}
