module store
  implicit none
  type :: record
     real(8), allocatable :: values(:)
  end type record
  type(record), allocatable :: kept(:)
  integer :: count = 0
contains
  subroutine keep(n)
    integer, intent(in) :: n
    type(record), allocatable :: grown(:)
    if (.not. allocated(kept)) allocate(kept(16))
    if (count == size(kept)) then
       allocate(grown(2 * size(kept)))
       grown(1:count) = kept(1:count)
       call move_alloc(grown, kept)
    end if
    count = count + 1
    allocate(kept(count)%values(n))
    kept(count)%values = 1.0d0
  end subroutine keep
end module store

program leak
  use store
  implicit none
  integer :: i
  real(8), allocatable :: scratch(:)
  do i = 1, 4000
     call keep(500)
     allocate(scratch(2000))
     scratch = i
     deallocate(scratch)
     if (mod(i, 200) == 0) call sleep_ms(20)
  end do
  print *, 'kept', count
contains
  subroutine sleep_ms(ms)
    integer, intent(in) :: ms
    integer :: t0, t1, rate
    call system_clock(t0, rate)
    do
       call system_clock(t1)
       if (real(t1 - t0) / rate * 1000 >= ms) exit
    end do
  end subroutine sleep_ms
end program leak
