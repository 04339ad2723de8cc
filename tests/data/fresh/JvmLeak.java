import java.util.*;
public class Leak {
    static Map<Integer, byte[]> cache = new HashMap<>();
    public static void main(String[] a) throws Exception {
        for (int i = 0; i < 3000; i++) { cache.put(i, new byte[4096]); if (i % 200 == 0) Thread.sleep(10); }
        System.out.println(cache.size());
    }
}
